package org.polybridge.python.internal;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.polybridge.ScriptException;
import org.polybridge.json.Json;

/** How a Python RPC call answers: its result (as it is when a scalar, else as JSON), or the reason and traceback of its exception. */
public final class RpcReply {
  private final CompletableFuture<Object> result;

  RpcReply(CompletableFuture<Object> result) {
    this.result = result;
  }

  @HostAccess.Export
  public void ok(String json) {
    try {
      result.complete(Json.parse(json));
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
    }
  }

  /** A result that needs no JSON: a string, a boolean, an integer, or {@code None}. */
  @HostAccess.Export
  public void value(Value value) {
    Object scalar;
    try {
      scalar = scalar(value);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
      return;
    }
    result.complete(scalar);
  }

  /** The call's result, taken from the guest already ({@link PythonContext#call}). */
  void answer(Object value) {
    result.complete(value);
  }

  /**
   * {@code value} as the caller gets it: a string, a boolean, a long, an integer past a long as
   * its JSON would read ({@code json.dumps} of it), or null for {@code None}; read inside the context.
   *
   * @throws IllegalArgumentException when it is none of these
   */
  static Object scalar(Value value) {
    if (value.fitsInLong()) {
      return value.isBoolean() ? (Object) value.asBoolean() : (Object) value.asLong(); // the common case first
    } else if (value.isNull()) {
      return null;
    } else if (value.isString()) {
      return value.asString();
    } else if (value.isBoolean()) {
      return value.asBoolean();
    } else if (value.fitsInBigInteger()) {
      return Json.parse(value.asBigInteger().toString());
    }
    throw new IllegalArgumentException("not a scalar result: " + value);
  }

  @HostAccess.Export
  public void fail(String reason, String traceback) {
    result.completeExceptionally(new ScriptException(reason, traceback));
  }
}
