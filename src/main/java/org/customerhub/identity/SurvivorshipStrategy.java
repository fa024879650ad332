package org.customerhub.identity;

import java.util.List;
import java.util.Optional;

import org.customerhub.store.StoreRows.AttributeRow;

/**
 * One way of choosing a customer's current value among the values the channels stated for one attribute (and
 * qualifier). Configured by name per attribute in config/survivorship.properties; see {@link SurvivorshipStrategies}.
 */
@FunctionalInterface
public interface SurvivorshipStrategy {
    Optional<AttributeRow> choose(List<AttributeRow> values);
}
