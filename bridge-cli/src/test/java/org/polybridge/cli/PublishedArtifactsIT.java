package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a Maven repository gets: every published jar has its stable module name (as the JDK derives
 * it from the manifest), the BOM lists every published artifact at the project's version, and the
 * POMs carry the metadata a public repository asks for. Runs on the packaged jars (dist/lib).
 */
class PublishedArtifactsIT {
  /** The module name of each published artifact: renaming one breaks its users' module-info. */
  private static final Map<String, String> MODULE_NAMES = Map.of(
      "bridge-core", "org.polybridge.core",
      "lang-js", "org.polybridge.js",
      "lang-python", "org.polybridge.python",
      "bridge-cli", "org.polybridge.cli");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** The text of the first element at {@code path} (child names from the root), or null. */
  private static String text(Document pom, String... path) {
    Node node = pom.getDocumentElement();
    for (String name : path) {
      node = child(node, name);
      if (node == null) {
        return null;
      }
    }
    return node.getTextContent().strip();
  }

  private static Element child(Node parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Node parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  /** The reactor's modules that are published: a jar, without maven.deploy.skip. */
  private static List<String> publishedModules() throws Exception {
    List<String> published = new ArrayList<>();
    for (Element module : children(child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "modules"), "module")) {
      Document pom = pom(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
      String packaging = text(pom, "packaging");
      if ((packaging == null || packaging.equals("jar")) && !"true".equals(text(pom, "properties", "maven.deploy.skip"))) {
        published.add(text(pom, "artifactId"));
      }
    }
    return published;
  }

  @Test
  void everyPublishedJarHasItsStableModuleName() throws Exception {
    String version = System.getProperty("polybridge.project.version");
    assertThat(publishedModules()).containsExactlyInAnyOrderElementsOf(MODULE_NAMES.keySet());
    Map<String, String> found = new TreeMap<>();
    for (String artifact : MODULE_NAMES.keySet()) {
      Path jar = Path.of("target", "dist", "lib", artifact + "-" + version + ".jar");
      try (JarFile file = new JarFile(jar.toFile())) {
        String declared = file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        ModuleDescriptor.newModule(declared); // a legal module name, or this throws
      }
      ModuleReference module = ModuleFinder.of(jar).findAll().iterator().next();
      found.put(artifact, module.descriptor().name());
    }
    assertThat(found).isEqualTo(new TreeMap<>(MODULE_NAMES));
  }

  @Test
  void theBomListsEveryPublishedArtifactAtTheProjectsVersion() throws Exception {
    Document parent = pom(ROOT.resolve("pom.xml"));
    Document bom = pom(ROOT.resolve("polybridge-bom").resolve("pom.xml"));

    assertThat(text(bom, "version")).isEqualTo(text(parent, "version")).isEqualTo(System.getProperty("polybridge.project.version"));
    assertThat(text(bom, "packaging")).isEqualTo("pom");
    Map<String, String> managed = new TreeMap<>();
    for (Element dependency : children(child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(child(dependency, "groupId").getTextContent().strip()).isEqualTo("org.polybridge");
      managed.put(child(dependency, "artifactId").getTextContent().strip(), child(dependency, "version").getTextContent().strip());
    }
    Map<String, String> expected = new TreeMap<>();
    publishedModules().forEach(artifact -> expected.put(artifact, "${project.version}"));
    assertThat(managed).isEqualTo(expected);
  }

  @Test
  void onlyTheApplicationBringsNativeLibrariesTheLibrariesLeaveThemToTheirUsers() throws Exception {
    // an embedder on macOS or ARM must not get a native for Linux x86-64 it cannot use
    Map<String, List<String>> natives = new TreeMap<>();
    for (String artifact : MODULE_NAMES.keySet()) {
      Document pom = pom(ROOT.resolve(artifact).resolve("pom.xml"));
      for (Element dependency : children(child(pom.getDocumentElement(), "dependencies"), "dependency")) {
        String scope = child(dependency, "scope") == null ? "compile" : child(dependency, "scope").getTextContent().strip();
        if (child(dependency, "artifactId").getTextContent().contains("native") && !scope.equals("test")) {
          natives.computeIfAbsent(artifact, a -> new ArrayList<>()).add(child(dependency, "classifier").getTextContent().strip());
        }
      }
    }
    assertThat(natives).isEqualTo(Map.of("bridge-cli", List.of("linux-x86_64", "linux-aarch_64")));
  }

  @Test
  void theParentAndTheBomCarryWhatAPublicRepositoryAsksFor() throws Exception {
    for (Path file : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("polybridge-bom").resolve("pom.xml"))) {
      Document pom = pom(file);
      assertThat(text(pom, "name")).as("%s: name", file).isNotBlank();
      assertThat(text(pom, "description")).as("%s: description", file).isNotBlank();
      assertThat(text(pom, "url")).as("%s: url", file).startsWith("https://");
      assertThat(text(pom, "licenses", "license", "name")).as("%s: license", file).isEqualTo("Apache-2.0");
      assertThat(text(pom, "developers", "developer", "name")).as("%s: developer", file).isNotBlank();
      assertThat(text(pom, "scm", "connection")).as("%s: scm", file).startsWith("scm:git:");
      assertThat(text(pom, "scm", "url")).as("%s: scm url", file).isEqualTo(text(pom, "url"));
    }
    assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License").contains("Version 2.0");
  }
}
