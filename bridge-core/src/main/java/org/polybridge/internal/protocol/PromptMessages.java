package org.polybridge.internal.protocol;

import java.util.List;
import java.util.Optional;
import org.polybridge.host.App;
import org.polybridge.host.Prompts;
import org.polybridge.host.Session;
import org.polybridge.proto.Coord;
import org.polybridge.proto.CoordRange;
import org.polybridge.proto.GetPromptRequest;
import org.polybridge.proto.GetPromptResponse;
import org.polybridge.proto.ListPromptsRequest;
import org.polybridge.proto.ListPromptsResponse;
import org.polybridge.proto.PromptNotification;
import org.polybridge.proto.PromptNotificationCommandEnd;
import org.polybridge.proto.PromptNotificationCommandStart;
import org.polybridge.proto.PromptNotificationPrompt;
import org.polybridge.proto.ServerOriginatedMessage;

/** A session's prompts ({@link Prompts}) as iTerm2's messages: GetPrompt, ListPrompts and the prompt notification. */
final class PromptMessages {
  private PromptMessages() {}

  static ServerOriginatedMessage.Builder get(App app, GetPromptRequest request) {
    GetPromptResponse.Builder response = GetPromptResponse.newBuilder();
    Optional<Session> session = "all".equals(request.getSession()) ? Optional.empty() : app.session(request.getSession());
    if (session.isEmpty()) {
      response.setStatus("all".equals(request.getSession()) ? GetPromptResponse.Status.REQUEST_MALFORMED
          : GetPromptResponse.Status.SESSION_NOT_FOUND);
    } else {
      Prompts prompts = session.get().prompts();
      Optional<Prompts.Prompt> prompt = request.hasUniquePromptId() ? prompts.byId(request.getUniquePromptId()) : prompts.last();
      if (prompt.isEmpty()) {
        response.setStatus(GetPromptResponse.Status.PROMPT_UNAVAILABLE);
      } else {
        response.mergeFrom(describe(prompt.get())).setStatus(GetPromptResponse.Status.OK);
      }
    }
    return ServerOriginatedMessage.newBuilder().setGetPromptResponse(response);
  }

  static ServerOriginatedMessage.Builder list(App app, ListPromptsRequest request) {
    ListPromptsResponse.Builder response = ListPromptsResponse.newBuilder();
    Optional<Session> session = app.session(request.getSession());
    if (session.isEmpty()) {
      response.setStatus(ListPromptsResponse.Status.SESSION_NOT_FOUND);
    } else {
      List<String> ids = session.get().prompts().all().stream().map(Prompts.Prompt::id).toList();
      int from = request.hasFirstUniqueId() ? Math.max(0, ids.indexOf(request.getFirstUniqueId())) : 0;
      int to = request.hasLastUniqueId() && ids.contains(request.getLastUniqueId()) ? ids.indexOf(request.getLastUniqueId()) + 1 : ids.size();
      response.addAllUniquePromptId(ids.subList(from, Math.max(from, to))).setStatus(ListPromptsResponse.Status.OK);
    }
    return ServerOriginatedMessage.newBuilder().setListPromptsResponse(response);
  }

  static PromptNotification notification(Session session, Prompts.Change change) {
    PromptNotification.Builder n = PromptNotification.newBuilder().setSession(session.id())
        .setUniquePromptId(change.prompt().id());
    switch (change.event()) {
      case PROMPT -> n.setPrompt(PromptNotificationPrompt.newBuilder().setPrompt(describe(change.prompt())));
      case COMMAND_START -> n.setCommandStart(PromptNotificationCommandStart.newBuilder()
          .setCommand(change.prompt().command() == null ? "" : change.prompt().command()));
      case COMMAND_END -> n.setCommandEnd(PromptNotificationCommandEnd.newBuilder()
          .setStatus(change.prompt().exitStatus() == null ? 0 : change.prompt().exitStatus()));
    }
    return n.build();
  }

  static GetPromptResponse describe(Prompts.Prompt p) {
    GetPromptResponse.Builder r = GetPromptResponse.newBuilder().setUniquePromptId(p.id())
        .setPromptState(GetPromptResponse.State.valueOf(p.state().name()))
        .setPromptRange(lines(p.promptLine(), p.commandLine()))
        .setCommandRange(lines(p.commandLine(), p.outputLine()))
        .setOutputRange(lines(p.outputLine(), p.endLine()));
    if (p.workingDirectory() != null) {
      r.setWorkingDirectory(p.workingDirectory());
    }
    if (p.command() != null) {
      r.setCommand(p.command());
    }
    if (p.exitStatus() != null) {
      r.setExitStatus(p.exitStatus());
    }
    return r.build();
  }

  private static CoordRange lines(int from, int to) {
    return CoordRange.newBuilder().setStart(Coord.newBuilder().setX(0).setY(from))
        .setEnd(Coord.newBuilder().setX(0).setY(Math.max(from, to))).build();
  }
}
