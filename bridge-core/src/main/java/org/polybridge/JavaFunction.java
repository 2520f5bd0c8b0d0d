package org.polybridge;

import java.util.Map;

/**
 * A function written in Java, served as an RPC by {@link Bridge#register}. It gets its arguments
 * by name as JSON values ({@code Long}, {@code Double}, {@code String}, {@code Boolean}, {@code
 * List}, {@code Map} or {@code null}) and returns one. It runs on a virtual thread, so it may block.
 *
 * <pre>{@code
 * JavaFunction greet = arguments -> "hello, " + arguments.get("name");
 * bridge.register(RpcDefinition.of("greet", "name"), greet);
 * bridge.invoke("greet(name: 'you')").join();   // "hello, you"
 * }</pre>
 */
@FunctionalInterface
public interface JavaFunction {
  Object apply(Map<String, Object> arguments) throws Exception;
}
