package org.polybridge.python.internal;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;
import org.polybridge.ScriptException;
import org.polybridge.internal.json.Json;

/** How a Python RPC call answers: its JSON result, or the reason and traceback of its exception. */
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

  @HostAccess.Export
  public void fail(String reason, String traceback) {
    result.completeExceptionally(new ScriptException(reason, traceback));
  }
}
