package org.customerhub.identity;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Case and accent folding shared by names and addresses, so that both treat typed text alike. */
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
        String withoutApostrophes = APOSTROPHES.matcher(raw).replaceAll("");
        String decomposed = Normalizer.normalize(withoutApostrophes, Normalizer.Form.NFKD);
        String lower = COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        return replaceUndecomposableLetters(lower);
    }

    /** Words of folded text; hyphens and all other punctuation separate words. */
    static List<String> words(String folded) {
        String trimmed = NOT_LETTER_OR_DIGIT.matcher(folded).replaceAll(" ").trim();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split(" "));
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
