package org.customerhub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Validates the project's test messages against the channel schemas in {@code xsd/channels/}: every
 * message under {@code messages/<channel>/} and every scenario message must be valid, every message
 * under {@code messages/<channel>/invalid/} must be rejected.
 */
class ChannelSchemaTest {

  private static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", "."));
  private static final Path SCHEMA_DIR = PROJECT_DIR.resolve("xsd/channels");
  private static final Path MESSAGE_DIR = PROJECT_DIR.resolve("src/test/resources/messages");

  /** The four inbound channels, with the root elements each one accepts. */
  enum Channel {
    CATALOGUE("", "CATALOGUE_ORDER", "CATALOGUE_CUSTOMER_CHANGE"),
    RETAIL("urn:example:retail:pos:v2", "Transaction"),
    DIRECTSALES("urn:example:directsales:v1", "AccountUpdate", "ContractOrder"),
    WEB("urn:example:web:events:2026", "Event");

    private final List<QName> roots;

    Channel(String namespace, String... rootNames) {
      this.roots = Arrays.stream(rootNames).map(name -> new QName(namespace, name)).toList();
    }

    String dirName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Channel forRoot(QName root) {
      return Arrays.stream(values())
          .filter(channel -> channel.roots.contains(root))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no channel has root element " + root));
    }
  }

  private static final Map<Channel, Schema> SCHEMAS = new EnumMap<>(Channel.class);

  @BeforeAll
  static void compileSchemas() throws SAXException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    for (Channel channel : Channel.values()) {
      Path xsd = SCHEMA_DIR.resolve(channel.dirName() + ".xsd");
      SCHEMAS.put(channel, factory.newSchema(xsd.toFile()));
    }
  }

  static Stream<Named<Path>> channelMessages() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      files.addAll(xmlFiles(MESSAGE_DIR.resolve(channel.dirName()), 1));
    }
    return named(files);
  }

  static Stream<Named<Path>> scenarioMessages() throws IOException {
    return named(xmlFiles(MESSAGE_DIR.resolve("scenarios"), 2));
  }

  static Stream<Named<Path>> invalidMessages() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      files.addAll(xmlFiles(MESSAGE_DIR.resolve(channel.dirName()).resolve("invalid"), 1));
    }
    return named(files);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channelMessages")
  void channelMessageIsValidAgainstItsChannelSchema(Path message) throws Exception {
    Document document = parse(message);
    Channel channel = Channel.forRoot(rootName(document));

    assertThat(channel.dirName())
        .as("root element of %s belongs to the channel of its folder", message.getFileName())
        .isEqualTo(message.getParent().getFileName().toString());
    assertValid(channel, message, document);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioMessages")
  void scenarioMessageIsValidAgainstItsChannelSchema(Path message) throws Exception {
    Document document = parse(message);
    assertValid(Channel.forRoot(rootName(document)), message, document);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidMessages")
  void invalidMessageIsRejectedByItsChannelSchema(Path message) throws Exception {
    String channelDir = message.getParent().getParent().getFileName().toString();
    Channel channel = Channel.valueOf(channelDir.toUpperCase(Locale.ROOT));
    Document document = parse(message);
    assertThat(Channel.forRoot(rootName(document)))
        .as("%s keeps a %s root element, so only its content makes it invalid", message.getFileName(), channelDir)
        .isEqualTo(channel);

    Validator validator = newValidator(channel);
    assertThatThrownBy(() -> validator.validate(new DOMSource(document)))
        .as("%s must be rejected by %s.xsd", MESSAGE_DIR.relativize(message), channel.dirName())
        .isInstanceOf(SAXException.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Channel.class)
  void everyChannelHasValidAndInvalidMessages(Channel channel) throws IOException {
    Path dir = MESSAGE_DIR.resolve(channel.dirName());
    assertThat(xmlFiles(dir, 1)).as("valid %s messages", channel.dirName()).isNotEmpty();
    assertThat(xmlFiles(dir.resolve("invalid"), 1))
        .as("invalid %s messages", channel.dirName())
        .hasSizeGreaterThanOrEqualTo(2);
  }

  private static void assertValid(Channel channel, Path message, Document document) throws SAXException {
    Validator validator = newValidator(channel);
    assertThatCode(() -> validator.validate(new DOMSource(document)))
        .as("%s must be valid against %s.xsd", MESSAGE_DIR.relativize(message), channel.dirName())
        .doesNotThrowAnyException();
  }

  private static Validator newValidator(Channel channel) throws SAXException {
    Validator validator = SCHEMAS.get(channel).newValidator();
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return validator;
  }

  /** Parses namespace-aware with DOCTYPEs refused, so a malformed message fails here, not as "invalid". */
  private static Document parse(Path message) throws Exception {
    try (InputStream in = Files.newInputStream(message)) {
      return documentBuilderFactory().newDocumentBuilder().parse(in, message.toUri().toString());
    }
  }

  private static DocumentBuilderFactory documentBuilderFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  private static QName rootName(Document document) {
    Element root = document.getDocumentElement();
    String namespace = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
    return new QName(namespace, root.getLocalName());
  }

  /** The .xml files at exactly {@code depth} levels below {@code dir}, sorted. */
  private static List<Path> xmlFiles(Path dir, int depth) throws IOException {
    assertThat(dir).as("message folder").isDirectory();
    try (Stream<Path> paths = Files.find(dir, depth,
        (path, attributes) -> attributes.isRegularFile() && path.getNameCount() - dir.getNameCount() == depth
            && path.getFileName().toString().endsWith(".xml"))) {
      return paths.sorted().toList();
    }
  }

  private static Stream<Named<Path>> named(List<Path> files) {
    return files.stream().map(file -> Named.of(MESSAGE_DIR.relativize(file).toString(), file));
  }
}
