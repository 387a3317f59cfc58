#!/usr/bin/env bash
# Installs sfdw for systemd: the jar, the units, the production configuration template and the data directory.
# Safe to run again: it replaces the jar and the units, never an existing configuration (a changed default is put
# beside it as config.yml.new), and creates the user and directories only when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'USAGE'
usage: ops/install.sh [options]
  --prefix DIR        where the jar and README go (default /opt/sfdw; the jar is DIR/lib/sfdw.jar)
  --config-dir DIR    configuration (default /etc/sfdw: config.yml from ops/config/production.yml, channels.txt,
                      optional *.env per unit)
  --unit-dir DIR      systemd units (default /etc/systemd/system)
  --data-dir DIR      spool and default output root, SFDW_DATA (default /var/lib/sfdw)
  --user NAME         the services' user, created as a system user if missing (default sfdw)
  --writer-user USER[:GROUP]
                      the writers' identity, whose files they write (a drop-in for every writer instance;
                      default: the services' user)
  --jar FILE          install this jar instead of building ops/target/sfdw.jar
  --root DIR          stage everything under DIR (packaging, tests): no user, no chown, no systemctl
  -h, --help          this text
Then: set the SET THIS keys of /etc/sfdw/config.yml, check it, and start:
  java -jar /opt/sfdw/lib/sfdw.jar writer check /etc/sfdw/config.yml
  systemctl enable --now sfdw-broker sfdw-writer@1 sfdw-writer@2
USAGE
}

PREFIX=/opt/sfdw CONFIG_DIR=/etc/sfdw UNIT_DIR=/etc/systemd/system DATA_DIR=/var/lib/sfdw
SERVICE_USER=sfdw WRITER_USER="" JAR="" STAGE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=$2; shift 2 ;;
    --config-dir) CONFIG_DIR=$2; shift 2 ;;
    --unit-dir) UNIT_DIR=$2; shift 2 ;;
    --data-dir) DATA_DIR=$2; shift 2 ;;
    --user) SERVICE_USER=$2; shift 2 ;;
    --writer-user) WRITER_USER=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --root) STAGE=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'install.sh: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
for dir in "$PREFIX" "$CONFIG_DIR" "$UNIT_DIR" "$DATA_DIR"; do
  case "$dir" in /*) ;; *) die "paths must be absolute: $dir" ;; esac
done
if [ -z "$STAGE" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (or with --root DIR to stage the files)"
fi

if [ -z "$JAR" ]; then
  "$ROOT/ops/bin/sfdw" build
  JAR="$ROOT/ops/target/sfdw.jar"
fi
[ -f "$JAR" ] || die "no jar at $JAR"

if [ -z "$STAGE" ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
  say "creating system user $SERVICE_USER"
  useradd --system --user-group --home-dir "$DATA_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
fi

say "installing the jar into $PREFIX/lib"
install -d "$STAGE$PREFIX/lib"
install -m 0644 "$JAR" "$STAGE$PREFIX/lib/sfdw.jar.new"
mv -f "$STAGE$PREFIX/lib/sfdw.jar.new" "$STAGE$PREFIX/lib/sfdw.jar"
install -m 0644 "$ROOT/README.md" "$STAGE$PREFIX/README.md"

# A default file is installed when missing; an operator's edited copy is kept, with the new default beside it.
install_default() {
  local source=$1 target=$2
  if [ ! -e "$target" ]; then
    install -m 0644 "$source" "$target"
    say "installed $target"
  elif ! cmp -s "$source" "$target"; then
    install -m 0644 "$source" "$target.new"
    say "kept your $target; the new default is $target.new"
  fi
}
say "configuration in $CONFIG_DIR"
install -d "$STAGE$CONFIG_DIR"
# The production template, not the demo's config.yml (which points the writers at the simulator).
install_default "$ROOT/ops/config/production.yml" "$STAGE$CONFIG_DIR/config.yml"
if grep -q '/sf/query' "$STAGE$CONFIG_DIR/config.yml" && grep -q '127.0.0.1:[$]{SFDW_SIM_PORT' "$STAGE$CONFIG_DIR/config.yml"; then
  say "warning: $CONFIG_DIR/config.yml is the demo's: its writers query the simulator. The production template is"
  say "         $CONFIG_DIR/config.yml.new; move your settings into it"
fi
install_default "$ROOT/ops/demo/channels.txt" "$STAGE$CONFIG_DIR/channels.txt"
# For sfdw-sim.service only, which reads its simulator: section.
install_default "$ROOT/config.yml" "$STAGE$CONFIG_DIR/simulator.yml"

say "units in $UNIT_DIR"
install -d "$STAGE$UNIT_DIR"
for unit in "$ROOT"/ops/systemd/*.service; do
  # The units name the default paths and user; rewrite them to this installation's.
  sed -e "s#/opt/sfdw/#$PREFIX/#g" -e "s#/etc/sfdw/#$CONFIG_DIR/#g" -e "s#=/var/lib/sfdw\$#=$DATA_DIR#" \
      -e "s#^User=sfdw\$#User=$SERVICE_USER#" -e "s#^Group=sfdw\$#Group=$SERVICE_USER#" \
      "$unit" > "$STAGE$UNIT_DIR/$(basename "$unit").new"
  chmod 0644 "$STAGE$UNIT_DIR/$(basename "$unit").new"
  mv -f "$STAGE$UNIT_DIR/$(basename "$unit").new" "$STAGE$UNIT_DIR/$(basename "$unit")"
done
dropin="$STAGE$UNIT_DIR/sfdw-writer@.service.d"
if [ -n "$WRITER_USER" ]; then
  writer_group=${WRITER_USER#*:}
  [ "$writer_group" != "$WRITER_USER" ] || writer_group=""
  install -d "$dropin"
  {
    echo "# Written by ops/install.sh --writer-user $WRITER_USER: the identity every writer writes files as."
    echo "[Service]"
    echo "User=${WRITER_USER%%:*}"
    [ -z "$writer_group" ] || echo "Group=$writer_group"
  } > "$dropin/user.conf"
  chmod 0644 "$dropin/user.conf"
  say "writers run as $WRITER_USER ($dropin/user.conf)"
elif [ -f "$dropin/user.conf" ]; then
  rm -f "$dropin/user.conf"
  rmdir "$dropin" 2>/dev/null || true
fi

say "data directory $DATA_DIR"
install -d -m 2775 "$STAGE$DATA_DIR" "$STAGE$DATA_DIR/spool"
if [ -z "$STAGE" ]; then
  chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR" "$DATA_DIR/spool"
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
  fi
fi
say "done. Set the SET THIS keys in $CONFIG_DIR/config.yml, then check it and start:"
say "  java -jar $PREFIX/lib/sfdw.jar writer check $CONFIG_DIR/config.yml"
say "  systemctl enable --now sfdw-broker sfdw-writer@1 sfdw-writer@2"
