package org.polybridge.internal.terminal;

/**
 * Text that a regular expression may read only until a deadline: past it, {@link #charAt} throws
 * {@link Expired}. {@link java.util.regex.Matcher} has no timeout, and a pattern with catastrophic
 * backtracking ({@code (a+)+$} on a long line of {@code a}s) reads the same characters for ever;
 * this bounds it. The clock is read every {@value #CHECK_EVERY} characters, so the cost on
 * ordinary matching is a counter.
 *
 * <pre>{@code
 * try {
 *   pattern.matcher(DeadlineText.of(line, Duration.ofMillis(50))).find();
 * } catch (DeadlineText.Expired e) {
 *   // the pattern took too long on this line
 * }
 * }</pre>
 */
public final class DeadlineText implements CharSequence {
  static final int CHECK_EVERY = 1024;

  /** The deadline passed while a pattern read the text. */
  public static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Expired() {
      super("the deadline passed", null, false, false);
    }
  }

  private final String text;
  private final long deadline;
  private int reads;

  private DeadlineText(String text, long deadline) {
    this.text = text;
    this.deadline = deadline;
  }

  /** {@code text}, readable for {@code budget} from now. */
  public static DeadlineText of(String text, java.time.Duration budget) {
    return new DeadlineText(text, System.nanoTime() + budget.toNanos());
  }

  @Override
  public char charAt(int index) {
    if (++reads >= CHECK_EVERY) {
      reads = 0;
      if (System.nanoTime() - deadline > 0) {
        throw new Expired();
      }
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
