package org.customerhub.monitoring;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When a silence threshold applies: "always", or opening hours such as {@code MON-FRI 08:00-20:00, SAT 09:00-13:00}
 * (days, then a window within the day; 24:00 ends a window at midnight). Outside the hours a silent channel is expected.
 */
public final class Schedule {
    public static final Schedule ALWAYS = new Schedule("always", List.of());

    private final String text;
    private final List<Window> windows;

    private record Window(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, boolean toMidnight) {
        boolean contains(ZonedDateTime at) {
            LocalTime time = at.toLocalTime();
            return days.contains(at.getDayOfWeek()) && !time.isBefore(opens) && (toMidnight || time.isBefore(closes));
        }
    }

    private Schedule(String text, List<Window> windows) {
        this.text = text;
        this.windows = windows;
    }

    public static Schedule parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("always")) {
            return ALWAYS;
        }
        List<Window> windows = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            String[] fields = part.trim().split("\\s+");
            if (fields.length != 2) {
                throw new IllegalArgumentException("schedule \"" + part.trim() + "\": expected days and hours, e.g. MON-FRI 08:00-20:00");
            }
            String[] hours = fields[1].split("-");
            if (hours.length != 2) {
                throw new IllegalArgumentException("schedule \"" + part.trim() + "\": hours are written 08:00-20:00");
            }
            boolean toMidnight = hours[1].equals("24:00");
            LocalTime opens = LocalTime.parse(hours[0]);
            LocalTime closes = toMidnight ? LocalTime.MAX : LocalTime.parse(hours[1]);
            if (!closes.isAfter(opens)) {
                throw new IllegalArgumentException("schedule \"" + part.trim() + "\": a window ends after it opens, on the same day");
            }
            windows.add(new Window(days(fields[0]), opens, closes, toMidnight));
        }
        return new Schedule(trimmed, List.copyOf(windows));
    }

    private static Set<DayOfWeek> days(String text) {
        String[] range = text.toUpperCase(Locale.ROOT).split("-");
        DayOfWeek first = day(range[0]);
        DayOfWeek last = range.length == 2 ? day(range[1]) : first;
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day = first; ; day = day.plus(1)) {
            days.add(day);
            if (day == last) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(abbreviation)) {
                return day;
            }
        }
        throw new IllegalArgumentException("unknown day \"" + abbreviation + "\": use MON, TUE, WED, THU, FRI, SAT, SUN");
    }

    /**
     * When the opening that contains the given moment began (its window's start that day), or empty when the moment is
     * outside the hours; "always" is open since the beginning of time.
     */
    public Optional<ZonedDateTime> openedAt(ZonedDateTime at) {
        if (windows.isEmpty()) {
            return Optional.of(ZonedDateTime.ofInstant(Instant.EPOCH, at.getZone()));
        }
        return windows.stream().filter(window -> window.contains(at))
                .map(window -> at.with(window.opens())).min(ZonedDateTime::compareTo);
    }

    @Override
    public String toString() {
        return text;
    }
}
