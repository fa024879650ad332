-- The contacts of an organisation (a direct-sales account snapshot ends the affiliations it no longer lists) are
-- found by attribute and qualifier; without this index that lookup reads every attribute value in the store.
CREATE INDEX attribute_value_qualifier ON attribute_value (attribute, qualifier);
