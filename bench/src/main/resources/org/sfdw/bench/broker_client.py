"""The broker's load as DIA makes it: Python requests with one Session, for sfdw bench broker.

usage: broker_client.py BASE_URL PARAMETERS_JSON SECONDS RATE MODE FIRST_PULSE
  MODE stop:   PUT /start_pulse_id then a timed PUT /stop_pulse_id, at RATE per second (0: back to back)
  MODE cycle:  POST /parameters + start + stop timed together, back to back (the original's closed loop)
  MODE cycle-http.client: the same with the standard library's http.client on one connection, which costs the
               client a third of what requests does: what the broker itself allows
  MODE cycle-urllib3: the same with urllib3, the library under requests, on one pooled connection: what
               requests itself adds
Prints one line: count, per second, median ms, p99 ms, max ms (of the timed part).
"""
import http.client
import math
import sys
import time
import urllib.parse

import requests
import urllib3


def main():
    base, parameters, seconds, rate, mode, pulse = sys.argv[1], sys.argv[2], float(sys.argv[3]), \
        int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
    session = requests.Session()
    headers = {"Content-Type": "application/json"}
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    pool = urllib3.HTTPConnectionPool(url.hostname, url.port, maxsize=1)

    def call(method, path, body=None):
        if mode == "cycle-http.client":
            connection.request(method, url.path + path, body=body or "", headers=headers)
            response = connection.getresponse()
            text = response.read()
            status = response.status
        elif mode == "cycle-urllib3":
            response = pool.request(method, url.path + path, body=body, headers=headers)
            text = response.data
            status = response.status
        else:
            response = session.request(method, base + path, data=body, headers=headers)
            text = response.text
            status = response.status_code
        if status != 200:
            raise SystemExit("%s %s answered %d: %s" % (method, path, status, text))

    call("POST", "/parameters", parameters)
    latencies = []
    started = time.perf_counter()
    end = started + seconds
    while time.perf_counter() < end:
        if rate > 0:
            wait = started + len(latencies) / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        if mode.startswith("cycle"):
            sent = time.perf_counter()
            call("POST", "/parameters", parameters)
            call("PUT", "/start_pulse_id/%d" % pulse)
            call("PUT", "/stop_pulse_id/%d" % (pulse + 99))
        else:
            call("PUT", "/start_pulse_id/%d" % pulse)
            sent = time.perf_counter()
            call("PUT", "/stop_pulse_id/%d" % (pulse + 99))
        latencies.append(time.perf_counter() - sent)
        pulse += 100
    elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    print("%d | %.0f | %.2f | %.2f | %.2f" % (n, n / elapsed, latencies[n // 2] * 1e3,
                                                latencies[min(n - 1, math.ceil(n * 0.99) - 1)] * 1e3,
                                                latencies[-1] * 1e3))


if __name__ == "__main__":
    main()
