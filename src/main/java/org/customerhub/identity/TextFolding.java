package org.customerhub.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case and accent folding shared by names and addresses, so that both treat typed text alike. Plain ASCII, what
 * nearly every record holds, is folded without the regular expressions and Unicode decomposition other text takes:
 * identity resolution folds every candidate's names and addresses for each record it scores them against (two fifths
 * of a load's writer thread went to it at 200,000 customers).
 */
final class TextFolding {

    /** Apostrophes vanish rather than split words: O'Neil, O’Neil and ONEIL must all fold to "oneil". */
    private static final Pattern APOSTROPHES = Pattern.compile("['’‘`´ʼ]");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TextFolding() {
    }

    /** Lower-case, accent-free text without apostrophes; other punctuation is left for the caller to interpret. */
    static String fold(String raw) {
        if (raw == null) {
            return "";
        }
        return isAscii(raw) ? foldAscii(raw) : foldAnyText(raw);
    }

    /** The general fold, for any text (fold takes a shorter way for ASCII). */
    static String foldAnyText(String raw) {
        String withoutApostrophes = APOSTROPHES.matcher(raw).replaceAll("");
        String decomposed = Normalizer.normalize(withoutApostrophes, Normalizer.Form.NFKD);
        String lower = COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        return replaceUndecomposableLetters(lower);
    }

    /** Words of folded text; hyphens and all other punctuation separate words. */
    static List<String> words(String folded) {
        return isAscii(folded) ? asciiWords(folded) : wordsOfAnyText(folded);
    }

    /** The general split into words, for any text (words takes a shorter way for ASCII). */
    static List<String> wordsOfAnyText(String folded) {
        String trimmed = NOT_LETTER_OR_DIGIT.matcher(folded).replaceAll(" ").trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split(" "));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** ASCII has no accents to strip nor letters to spell out: its apostrophes go and its letters are lowered. */
    private static String foldAscii(String raw) {
        if (raw.indexOf('\'') < 0 && raw.indexOf('`') < 0) {
            return raw.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\'' && c != '`') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The runs of ASCII letters and digits (the letters and digits of Unicode that ASCII holds). */
    private static List<String> asciiWords(String text) {
        List<String> words = new ArrayList<>(4);
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean inWord = i < text.length() && isAsciiLetterOrDigit(text.charAt(i));
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Letters that Unicode decomposition does not split into a base letter plus accent. */
    private static String replaceUndecomposableLetters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case 'ß' -> out.append("ss");
                case 'æ' -> out.append("ae");
                case 'œ' -> out.append("oe");
                case 'ø' -> out.append('o');
                case 'ł' -> out.append('l');
                case 'đ', 'ð' -> out.append('d');
                case 'þ' -> out.append("th");
                case 'ı' -> out.append('i');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
