package org.sfdw.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * The safe defaults for a {@code server:} section an operator writes, where Dropwizard's own would be open or
 * loud: a connector that names no {@code bindHost} binds {@value ServerDefaults#LOOPBACK} (Dropwizard's default
 * is every interface), and a server that names no {@code requestLog} gets {@link DebugRequestLogFactory} (Dropwizard's
 * default writes a line per request to the console). What the section names is kept as it is: {@code bindHost:
 * 0.0.0.0} opens a port to the network.
 */
final class SafeServerModule extends SimpleModule {

    SafeServerModule() {
        super("sfdw-safe-server");
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = bean.getBeanClass();
                if (HttpConnectorFactory.class.isAssignableFrom(type)) {
                    return new ThenDefault(deserializer, (given, value) -> {
                        if (!given.has("bindHost")) {
                            ((HttpConnectorFactory) value).setBindHost(ServerDefaults.LOOPBACK);
                        }
                    });
                }
                if (AbstractServerFactory.class.isAssignableFrom(type)) {
                    return new ThenDefault(deserializer, (given, value) -> {
                        if (!given.has("requestLog")) {
                            ((AbstractServerFactory) value).setRequestLogFactory(new DebugRequestLogFactory());
                        }
                    });
                }
                return deserializer;
            }
        });
    }

    /** Binds what was given, then fills in what it left out; it sees the keys the section named. */
    private static final class ThenDefault extends DelegatingDeserializer {
        private final BiConsumer<JsonNode, Object> fill;

        ThenDefault(JsonDeserializer<?> delegate, BiConsumer<JsonNode, Object> fill) {
            super(delegate);
            this.fill = fill;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ThenDefault(delegate, fill);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode given = context.readTree(parser);
            try (JsonParser again = given.traverse(parser.getCodec())) {
                again.nextToken();
                Object value = _delegatee.deserialize(again, context);
                fill.accept(given, value);
                return value;
            }
        }
    }
}
