package org.polybridge.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A tab's tree of splitters: splits, closes, moves and sizes, as iTerm2 keeps them. */
class SplitTreeTest {
  private final App app = new App();
  private final AtomicInteger layoutChanges = new AtomicInteger();

  {
    app.addListener(new App.Listener() {
      @Override
      public void layoutChanged() {
        layoutChanges.incrementAndGet();
      }
    });
  }

  /** A terminal whose size the model may set, as a pty's. */
  private static final class Terminal implements SessionIo {
    private Session session;

    @Override
    public void display(byte[] bytes) {}

    @Override
    public void type(String text) {}

    @Override
    public void close() {
      session.terminate();
    }

    @Override
    public boolean resize(int columns, int rows) {
      return true;
    }
  }

  private Session open(Tab tab) {
    Terminal t = new Terminal();
    t.session = tab.newSession(t);
    return t.session;
  }

  private static Session split(Session neighbour, boolean vertical, boolean before) {
    Terminal t = new Terminal();
    t.session = neighbour.tab().splitSession(neighbour, vertical, before, t, Map.of());
    return t.session;
  }

  @Test
  void aSplitGoesBesideItsSessionInASplitterOfItsOrientation() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, true, false);
    Session c = split(b, true, true);
    Session d = split(c, false, false);

    Tab tab = a.tab();
    assertThat(tab.root()).isEqualTo(new Splitter(true, List.of(a, new Splitter(false, List.of(c, d)), b)));
    assertThat(tab.sessions()).containsExactly(a, c, d, b);
    assertThat(List.of(b, c, d)).allSatisfy(s -> assertThat(s.tab()).isSameAs(tab));
  }

  @Test
  void theRootOfOneSessionTakesTheOrientationOfItsFirstSplit() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, false, true);

    assertThat(a.tab().root()).isEqualTo(new Splitter(false, List.of(b, a)));
  }

  @Test
  void closingASessionCollapsesItsSplitterIntoItsParent() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, true, false);
    Session c = split(b, false, false);
    Session d = split(c, true, false);
    Tab tab = a.tab();
    assertThat(tab.root()).isEqualTo(new Splitter(true, List.of(a, new Splitter(false, List.of(b, new Splitter(true, List.of(c, d)))))));

    b.terminate(); // the horizontal splitter keeps one child, a vertical one: its children join the root
    assertThat(tab.root()).isEqualTo(new Splitter(true, List.of(a, c, d)));

    c.terminate();
    a.terminate();
    assertThat(tab.root()).isEqualTo(new Splitter(true, List.of(d)));
    assertThat(tab.currentSession()).isSameAs(d);

    d.terminate();
    assertThat(app.windows()).isEmpty();
  }

  @Test
  void splitPanesShareTheirSessionsCellsAndGetThemBackWhenOneCloses() {
    Session a = open(app.newWindow().newTab());
    assertThat(a.gridSize()).isEqualTo(new GridSize(80, 24));

    Session b = split(a, true, false);
    assertThat(List.of(a.gridSize(), b.gridSize())).containsExactly(new GridSize(40, 24), new GridSize(40, 24));
    Session c = split(b, false, false);
    assertThat(List.of(a.gridSize(), b.gridSize(), c.gridSize()))
        .containsExactly(new GridSize(40, 24), new GridSize(40, 12), new GridSize(40, 12));
    assertThat(a.tab().size()).isEqualTo(new GridSize(80, 24));
    assertThat(c.variables().get("columns")).contains(40L);

    c.terminate();
    assertThat(b.gridSize()).isEqualTo(new GridSize(40, 24));
    a.terminate();
    assertThat(b.gridSize()).isEqualTo(new GridSize(80, 24));
  }

  @Test
  void aHostThatDoesNotResizeItsTerminalKeepsItsSize() {
    Tab tab = app.newWindow().newTab();
    Session a = tab.newSession(new Recording());
    Session b = tab.splitSession(a, true, false, new Recording(), Map.of());

    assertThat(List.of(a.gridSize(), b.gridSize())).containsOnly(new GridSize(80, 24));
    assertThat(tab.root()).isEqualTo(new Splitter(true, List.of(a, b)));
  }

  private static final class Recording implements SessionIo {
    @Override
    public void display(byte[] bytes) {}

    @Override
    public void type(String text) {}

    @Override
    public void close() {}
  }

  @Test
  void applyLayoutMovesASessionToATabOfAnotherWindowAndTheTabItLeftGoes() {
    Session a = open(app.newWindow().newTab());
    Session b = open(app.newWindow().newTab());
    Tab left = b.tab();
    Window leftWindow = left.window();
    layoutChanges.set(0);

    app.applyLayout(Map.of(a.tab(), new Splitter(true, List.of(b, a))), List.of());

    assertThat(a.tab().root()).isEqualTo(new Splitter(true, List.of(b, a)));
    assertThat(b.tab()).isSameAs(a.tab());
    assertThat(b.tab().window()).isSameAs(a.tab().window());
    assertThat(app.windows()).doesNotContain(leftWindow);
    assertThat(leftWindow.tabs()).doesNotContain(left);
    assertThat(List.of(a.gridSize(), b.gridSize())).containsOnly(new GridSize(40, 24));
    assertThat(layoutChanges.get()).isPositive();
    assertThat(b.variables().get("tab.id")).contains(a.tab().id());
  }

  @Test
  void applyLayoutReshapesATabAndClosesTheSessionsItNames() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, true, false);
    Session c = split(b, true, false);

    app.applyLayout(Map.of(a.tab(), new Splitter(false, List.of(c, a))), List.of(b));

    assertThat(a.tab().root()).isEqualTo(new Splitter(false, List.of(c, a)));
    assertThat(b.isLive()).isFalse();
    assertThat(app.sessions()).containsExactly(c, a);
  }

  @Test
  void aLayoutThatBreaksARuleIsRefusedWithTheModelUnchanged() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, true, false);
    Session c = open(app.newWindow().newTab());
    Session ended = open(app.newWindow().newTab());
    ended.terminate();
    Tab tab = a.tab();
    Splitter before = tab.root();
    layoutChanges.set(0);

    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of(a, b, a))), List.of()))
        .hasMessageContaining("session " + a.id() + " appears more than once");
    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of(a, new Splitter(false, List.of(b))))), List.of()))
        .hasMessageContaining("root.children[1] : a splitter with 1 child(ren) (expected: at least 2)");
    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of(a, new Splitter(true, List.of(b, c))))), List.of()))
        .hasMessageContaining("a vertical splitter inside a vertical one");
    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of(a))), List.of()))
        .hasMessage("session " + b.id() + " of tab " + tab.id()
            + " : in neither a new tree nor the sessions to close (expected: every session of a tab the layout touches accounted for)");
    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of(a, b, ended))), List.of()))
        .hasMessageContaining("session " + ended.id() + " in the tree of tab " + tab.id() + " : not a live session of this app");
    assertThatThrownBy(() -> app.applyLayout(Map.of(tab, new Splitter(true, List.of())), List.of()))
        .hasMessageContaining("root : a splitter without children");

    assertThat(tab.root()).isSameAs(before);
    assertThat(c.tab().sessions()).containsExactly(c);
    assertThat(List.of(a.gridSize(), b.gridSize())).containsOnly(new GridSize(40, 24));
    assertThat(layoutChanges.get()).isZero();
  }

  @Test
  void aSessionMovesBesideAnotherAsASplitOfIt() {
    Session a = open(app.newWindow().newTab());
    Session b = open(app.newWindow().newTab());
    Tab from = b.tab();

    app.moveSession(b, a, false, true);

    assertThat(a.tab().root()).isEqualTo(new Splitter(false, List.of(b, a)));
    assertThat(b.tab()).isSameAs(a.tab());
    assertThat(from.window().tabs()).isEmpty();
    assertThat(List.of(b.gridSize(), a.gridSize())).containsOnly(new GridSize(80, 12));
    assertThatThrownBy(() -> app.moveSession(a, a, true, false)).hasMessageContaining("moved beside itself");
  }

  @Test
  void paneSizesChangeWhenTheyFillTheTabAndAreRefusedOtherwise() {
    Session a = open(app.newWindow().newTab());
    Session b = split(a, true, false);
    Tab tab = a.tab();

    tab.resizePanes(Map.of(a, new GridSize(50, 24), b, new GridSize(30, 24)));
    assertThat(List.of(a.gridSize(), b.gridSize())).containsExactly(new GridSize(50, 24), new GridSize(30, 24));

    assertThatThrownBy(() -> tab.resizePanes(Map.of(a, new GridSize(50, 24), b, new GridSize(40, 24))))
        .hasMessage("root : 90x24 (expected: 80x24, what the tab takes)");
    assertThatThrownBy(() -> tab.resizePanes(Map.of(a, new GridSize(50, 24), b, new GridSize(30, 20))))
        .hasMessageContaining("root.children[1] : 30x20 (expected: 30x24, what its splitter gives it)");
    assertThatThrownBy(() -> tab.resizePanes(Map.of(a, new GridSize(80, 24))))
        .hasMessageContaining("session " + b.id() + " : no size given");
    assertThat(List.of(a.gridSize(), b.gridSize())).containsExactly(new GridSize(50, 24), new GridSize(30, 24));
  }

  @Test
  void aTabMovesToANewWindowOfItsOwnUnlessItIsItsWindowsOnlyTab() {
    Session a = open(app.newWindow().newTab());
    Window window = a.tab().window();
    Session b = open(window.newTab());

    Window moved = b.tab().moveToNewWindow();

    assertThat(moved).isNotSameAs(window);
    assertThat(moved.tabs()).containsExactly(b.tab());
    assertThat(window.tabs()).containsExactly(a.tab());
    assertThatThrownBy(() -> a.tab().moveToNewWindow()).hasMessageContaining("the only tab of window " + window.id());
  }

  @Test
  void sharesAreProportionalWholeCellsThatAddUp() {
    assertThat(SplitTree.share(80, new int[] {40, 40})).containsExactly(40, 40);
    assertThat(SplitTree.share(81, new int[] {1, 1})).containsExactly(41, 40);
    assertThat(SplitTree.share(10, new int[] {1, 1, 1})).containsExactly(4, 3, 3);
    assertThat(SplitTree.share(5, new int[] {100, 1})).containsExactly(4, 1);
    assertThat(SplitTree.share(2, new int[] {5, 5, 5})).containsExactly(1, 1, 1);
  }
}
