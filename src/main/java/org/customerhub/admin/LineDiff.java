package org.customerhub.admin;

import java.util.ArrayList;
import java.util.List;

/** A line diff for the audit log: the lines a change removed (-) and added (+), from the longest common subsequence. */
final class LineDiff {
    private static final int MAX_LINES = 5000;

    private LineDiff() {
    }

    static String of(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            return "(" + a.length + " lines replaced by " + b.length + " lines)";
        }
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                lines.add("+" + b[j++]);
            } else {
                lines.add("-" + a[i++]);
            }
        }
        return String.join("\n", lines);
    }
}
