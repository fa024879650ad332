package org.customerhub.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;

/**
 * A line diff for the admin API and the audit log: the lines a change removed (-) and added (+), in file order. Myers'
 * algorithm in linear space keeps memory proportional to the two files (an LCS table of two 5,000-line files took
 * 100 MB); its time grows with lines times differences (about a second for two wholly different 10,000-line files),
 * hence the cap.
 */
final class LineDiff {
    private static final int MAX_LINES = 10_000;

    private LineDiff() {
    }

    static String of(String before, String after) {
        List<String> a = Arrays.asList(before.split("\n", -1));
        List<String> b = Arrays.asList(after.split("\n", -1));
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            return "(" + a.size() + " lines replaced by " + b.size() + " lines)";
        }
        List<String> lines = new ArrayList<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b, new MyersDiffWithLinearSpace<String>()).getDeltas()) {
            delta.getSource().getLines().forEach(line -> lines.add("-" + line));
            delta.getTarget().getLines().forEach(line -> lines.add("+" + line));
        }
        return String.join("\n", lines);
    }
}
