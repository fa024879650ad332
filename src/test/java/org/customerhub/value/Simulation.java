package org.customerhub.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/** Customer bases drawn from the models' own generative stories, with a fixed seed. */
public final class Simulation {
    private Simulation() {
    }

    /**
     * Customers observed for 26 to 78 weeks after their first purchase, buying at a Gamma(r, alpha) rate and dropping
     * out after each repeat purchase with a Beta(a, b) probability; each purchase is worth Gamma(p, nu) with
     * nu ~ Gamma(q, gamma).
     */
    public static List<RepeatHistory> customers(int count, long seed, BgNbd purchasing, GammaGamma spending) {
        List<RepeatHistory> customers = new ArrayList<>(count);
        forEach(count, seed, purchasing, spending, customers::add);
        return customers;
    }

    /** The same customers handed over one at a time, as a store streams its rows, none of them held here. */
    public static void forEach(int count, long seed, BgNbd purchasing, GammaGamma spending, Consumer<RepeatHistory> each) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(seed));
        for (int i = 0; i < count; i++) {
            double observedFor = 26 + 52 * random.nextDouble();
            double rate = random.nextGamma(purchasing.r(), 1 / purchasing.alpha());
            double dropout = random.nextBeta(purchasing.a(), purchasing.b());
            double scale = 1 / random.nextGamma(spending.q(), 1 / spending.gamma());
            int repeats = 0;
            double last = 0;
            double spent = 0;
            double next = random.nextExponential(1 / rate);
            while (next < observedFor) {
                repeats++;
                last = next;
                spent += random.nextGamma(spending.p(), scale);
                if (random.nextDouble() < dropout) {
                    break;
                }
                next += random.nextExponential(1 / rate);
            }
            each.accept(new RepeatHistory(repeats, last, observedFor, repeats == 0 ? 0 : spent / repeats));
        }
    }
}
