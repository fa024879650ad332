package org.customerhub.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The shorter way for ASCII folds and splits exactly as the general way does. */
class TextFoldingTest {
    /** Letters, digits, spaces and every ASCII punctuation mark, apostrophes and backquotes among them. */
    private static final String ASCII = "aAzZmM09 5'`-.,#/&()_\"\t!?;:@+*=<>[]{}|\\~^$%";

    @Test
    void asciiIsFoldedAsAnyTextIs() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            String text = randomAscii(random);
            assertEquals(TextFolding.foldAnyText(text), TextFolding.fold(text), text);
            String folded = TextFolding.fold(text);
            assertEquals(TextFolding.wordsOfAnyText(folded), TextFolding.words(folded), folded);
            assertEquals(TextFolding.wordsOfAnyText(text), TextFolding.words(text), text);
        }
    }

    @Test
    void typedNamesAndAddressesFoldAsBefore() {
        assertEquals("oneil", TextFolding.fold("O'NEIL"));
        assertEquals("oneil", TextFolding.fold("O’Neil"));
        assertEquals("muller strasse", TextFolding.fold("Müller Straße"));
        assertEquals(List.of("12", "smith", "st", "apt", "4b"), TextFolding.words(TextFolding.fold("12 Smith St., Apt #4B")));
        assertEquals(List.of("jean", "luc"), TextFolding.words(TextFolding.fold("Jean-Luc")));
        assertEquals(List.of(), TextFolding.words(TextFolding.fold(" - ")));
        assertEquals("", TextFolding.fold(null));
    }

    private static String randomAscii(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(16);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? ASCII.charAt(random.nextInt(ASCII.length()))
                    : (char) (random.nextInt(3) == 0 ? 'A' + random.nextInt(26) : 'a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
