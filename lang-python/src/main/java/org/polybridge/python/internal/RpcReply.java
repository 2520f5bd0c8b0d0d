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

  /** A result that needs no JSON: a string, a boolean, an integer that fits a long, or {@code None}. */
  @HostAccess.Export
  public void value(Value value) {
    if (value.isNull()) {
      result.complete(null);
    } else if (value.isString()) {
      result.complete(value.asString());
    } else if (value.isBoolean()) {
      result.complete(value.asBoolean());
    } else if (value.fitsInLong()) {
      result.complete(value.asLong());
    } else {
      result.completeExceptionally(new IllegalArgumentException("not a scalar result: " + value));
    }
  }

  @HostAccess.Export
  public void fail(String reason, String traceback) {
    result.completeExceptionally(new ScriptException(reason, traceback));
  }
}
