package org.polybridge.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polybridge.UserFolders;
import org.polybridge.internal.transport.PrivateFiles;

/**
 * What a client shows to be let in: iTerm2's cookie and, when keys are in use, its key. A daemon
 * makes fresh ones when it starts ({@link #random()}), keeps them in a file only its user can read
 * ({@link #write}), and hands them to the processes it starts as {@code ITERM2_COOKIE} and {@code
 * ITERM2_KEY} ({@link #environment()}).
 *
 * <pre>{@code
 * Credentials credentials = Credentials.random();
 * credentials.write(ApiListener.defaultSocketPath().resolveSibling("auth"));
 * new ProcessBuilder("my-script").environment().putAll(credentials.environment());
 * }</pre>
 *
 * @param cookie the cookie, never empty
 * @param key the key, or {@code null} when the server checks the cookie only
 */
public record Credentials(String cookie, String key) {
  /** The environment variable that carries the cookie, as iTerm2 names it. */
  public static final String COOKIE_VARIABLE = "ITERM2_COOKIE";
  /** The environment variable that carries the key, as iTerm2 names it. */
  public static final String KEY_VARIABLE = "ITERM2_KEY";

  public Credentials {
    Objects.requireNonNull(cookie, "cookie == null");
    if (cookie.isEmpty() || !printable(cookie)) {
      throw new IllegalArgumentException("cookie : '" + cookie + "' (expected: printable ASCII, not empty)");
    }
    if (key != null && (key.isEmpty() || !printable(key))) {
      throw new IllegalArgumentException("key : '" + key + "' (expected: printable ASCII, not empty, or null)");
    }
  }

  /** A fresh cookie and key of 128 random bits each. */
  public static Credentials random() {
    return new Credentials(randomHex(), randomHex());
  }

  /** The credentials in {@code ITERM2_COOKIE} / {@code ITERM2_KEY} of {@code environment}, if the cookie is set. */
  public static Optional<Credentials> fromEnvironment(Map<String, String> environment) {
    String cookie = environment.get(COOKIE_VARIABLE);
    if (cookie == null || cookie.isEmpty()) {
      return Optional.empty();
    }
    String key = environment.get(KEY_VARIABLE);
    return Optional.of(new Credentials(cookie, key == null || key.isEmpty() ? null : key));
  }

  /**
   * Reads a file written by {@link #write}, once it is shown to be this user's own: the file and
   * its folder belong to the user, are no symbolic links, the folder is writable by the user alone
   * and the file is 0600 (else whoever could write them could pair their own socket with them).
   *
   * @throws UncheckedIOException when the file or its folder is not private to this user (the
   *     message names the path, its owner and mode, and the fix), or the file cannot be read
   * @throws IllegalArgumentException when it holds no cookie
   */
  public static Credentials read(Path file) {
    PrivateFiles.checkCredentialsFile(file);
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials from " + file + ": " + e.getMessage(), e);
    }
    return fromEnvironment(values).orElseThrow(() ->
        new IllegalArgumentException(file + " holds no " + COOKIE_VARIABLE + "=… line"));
  }

  /**
   * Writes the credentials to {@code file} (as {@code NAME=value} lines), readable and writable by
   * its owner only (0600). The file is replaced atomically; its folder must exist and be private to
   * this user (its own, writable by it alone, no symbolic link).
   *
   * @throws UncheckedIOException when the folder is not private, or the file cannot be written
   */
  public void write(Path file) {
    PrivateFiles.checkCredentialsFolder(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, UserFolders.privateFile());
      StringBuilder text = new StringBuilder();
      environment().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write credentials to " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code ITERM2_COOKIE} and, with a key, {@code ITERM2_KEY}, for the environment of a child process. */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(COOKIE_VARIABLE, cookie);
    if (key != null) {
      environment.put(KEY_VARIABLE, key);
    }
    return environment;
  }

  /**
   * Whether a client that sent {@code cookie} and {@code key} (either may be {@code null}) is let in:
   * the cookie must match, and the key too when these credentials have one. Compares in constant time.
   */
  public boolean admit(String cookie, String key) {
    boolean cookieMatches = cookie != null && same(this.cookie, cookie);
    boolean keyMatches = this.key == null || (key != null && same(this.key, key));
    return cookieMatches & keyMatches;
  }

  @Override
  public String toString() {
    return "Credentials[cookie=…, key=" + (key == null ? "none" : "…") + "]";
  }

  private static boolean same(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean printable(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static String randomHex() {
    byte[] bytes = new byte[16];
    Random.INSTANCE.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Made on first use: a client that only reads credentials need not start the JDK's security providers. */
  private static final class Random {
    static final SecureRandom INSTANCE = new SecureRandom();
  }
}
