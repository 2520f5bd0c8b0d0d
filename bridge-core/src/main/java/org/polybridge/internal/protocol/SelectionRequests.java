package org.polybridge.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polybridge.host.App;
import org.polybridge.host.Selection;
import org.polybridge.host.Session;
import org.polybridge.proto.Coord;
import org.polybridge.proto.CoordRange;
import org.polybridge.proto.MenuItemRequest;
import org.polybridge.proto.MenuItemResponse;
import org.polybridge.proto.Range;
import org.polybridge.proto.SelectionMode;
import org.polybridge.proto.SelectionRequest;
import org.polybridge.proto.SelectionResponse;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.SubSelection;
import org.polybridge.proto.WindowedCoordRange;

/**
 * Selections (128) and the main menu (121) as a headless host has them: a selection a script sets
 * is kept per session ({@link Session#select}) and read back; its text comes from the session's
 * lines ({@code GetBuffer} with a coordinate range). The one menu item is {@value #SELECT_ALL},
 * which selects every line the session keeps; any other is answered {@code BAD_IDENTIFIER} (the
 * library's {@code MenuItemException}): no window, no menu bar.
 */
final class SelectionRequests {
  /** The menu item a headless host has: it acts on the model. */
  static final String SELECT_ALL = "Select All";

  private SelectionRequests() {}

  static ServerOriginatedMessage.Builder handle(App app, SelectionRequest request) {
    SelectionResponse.Builder response = SelectionResponse.newBuilder();
    switch (request.getRequestCase()) {
      case GET_SELECTION_REQUEST -> {
        Optional<Session> session = app.session(request.getGetSelectionRequest().getSessionId());
        if (session.isEmpty()) {
          return reply(response.setStatus(SelectionResponse.Status.INVALID_SESSION));
        }
        response.setGetSelectionResponse(SelectionResponse.GetSelectionResponse.newBuilder()
            .setSelection(message(session.get().selection())));
      }
      case SET_SELECTION_REQUEST -> {
        SelectionRequest.SetSelectionRequest set = request.getSetSelectionRequest();
        Optional<Session> session = app.session(set.getSessionId());
        if (session.isEmpty()) {
          return reply(response.setStatus(SelectionResponse.Status.INVALID_SESSION));
        }
        Optional<Selection> selection = selection(set.getSelection(), gridLines(session.get()));
        if (selection.isEmpty()) {
          return reply(response.setStatus(SelectionResponse.Status.INVALID_RANGE));
        }
        session.get().select(selection.get());
        response.setSetSelectionResponse(SelectionResponse.SetSelectionResponse.getDefaultInstance());
      }
      case REQUEST_NOT_SET -> {
        return reply(response.setStatus(SelectionResponse.Status.REQUEST_MALFORMED));
      }
    }
    return reply(response.setStatus(SelectionResponse.Status.OK));
  }

  /**
   * {@value #SELECT_ALL} selects every line of the session the app's context names (its active
   * session); other items do not exist here.
   */
  static ServerOriginatedMessage.Builder menuItem(App app, MenuItemRequest request) {
    MenuItemResponse.Builder response = MenuItemResponse.newBuilder();
    if (!SELECT_ALL.equals(request.getIdentifier())) {
      return ServerOriginatedMessage.newBuilder().setMenuItemResponse(response.setStatus(MenuItemResponse.Status.BAD_IDENTIFIER));
    }
    Optional<Session> active = app.activeSession();
    response.setEnabled(active.isPresent()).setChecked(false);
    if (active.isEmpty()) {
      return ServerOriginatedMessage.newBuilder().setMenuItemResponse(response.setStatus(MenuItemResponse.Status.DISABLED));
    }
    if (!request.getQueryOnly()) {
      int lines = active.get().io().lines().size();
      active.get().select(new Selection(List.of(new Selection.Part(0, 0, 0, lines, 0, 0, Selection.Mode.CHARACTER, false))));
    }
    return ServerOriginatedMessage.newBuilder().setMenuItemResponse(response.setStatus(MenuItemResponse.Status.OK));
  }

  /**
   * The lines a range may reach: those the session keeps, and at least a screenful (a screen
   * always has its rows, as {@code async_get_line_info} reports them, blank or not).
   */
  static int gridLines(Session session) {
    return Math.max(session.io().lines().size(), session.io().rows());
  }

  /** The selection a message describes, if each range lies within the session's {@code lines} and runs forwards. */
  static Optional<Selection> selection(org.polybridge.proto.Selection message, int lines) {
    List<Selection.Part> parts = new ArrayList<>();
    for (SubSelection sub : message.getSubSelectionsList()) {
      Optional<Selection.Part> part = part(sub.getWindowedCoordRange(), sub.getSelectionMode(), sub.getConnected(), lines);
      if (part.isEmpty()) {
        return Optional.empty();
      }
      parts.add(part.get());
    }
    return Optional.of(new Selection(parts));
  }

  /** A range of a session of {@code lines} lines: forwards, from a line it has, to at most the line after its last. */
  static Optional<Selection.Part> part(WindowedCoordRange range, SelectionMode mode, boolean connected, int lines) {
    CoordRange r = range.getCoordRange();
    Coord start = r.getStart();
    Coord end = r.getEnd();
    boolean forwards = start.getY() < end.getY() || start.getY() == end.getY() && start.getX() <= end.getX();
    if (!forwards || start.getX() < 0 || end.getX() < 0 || start.getY() < 0 || end.getY() > lines
        || range.getColumns().getLocation() < 0 || range.getColumns().getLength() < 0
        || range.getColumns().getLocation() > Integer.MAX_VALUE || range.getColumns().getLength() > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new Selection.Part(start.getX(), start.getY(), end.getX(), end.getY(),
        (int) range.getColumns().getLocation(), (int) range.getColumns().getLength(), Selection.Mode.valueOf(mode.name()), connected));
  }

  private static org.polybridge.proto.Selection message(Selection selection) {
    org.polybridge.proto.Selection.Builder message = org.polybridge.proto.Selection.newBuilder();
    for (Selection.Part p : selection.parts()) {
      WindowedCoordRange.Builder range = WindowedCoordRange.newBuilder().setCoordRange(CoordRange.newBuilder()
          .setStart(Coord.newBuilder().setX(p.startX()).setY(p.startY()))
          .setEnd(Coord.newBuilder().setX(p.endX()).setY(p.endY())));
      if (p.windowWidth() > 0) {
        range.setColumns(Range.newBuilder().setLocation(p.windowLeft()).setLength(p.windowWidth()));
      }
      message.addSubSelections(SubSelection.newBuilder().setWindowedCoordRange(range)
          .setSelectionMode(SelectionMode.valueOf(p.mode().name())).setConnected(p.connected()));
    }
    return message.build();
  }

  private static ServerOriginatedMessage.Builder reply(SelectionResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setSelectionResponse(response);
  }
}
