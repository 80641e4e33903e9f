-- The triggers that keep org_trigrams and activity_trigrams deleted a
-- record's trigrams with "trigram IN (SELECT … FROM search_positions …)".
-- PostgreSQL planned that join from the tables' statistics, and with some
-- of them (search_positions never analysed, org_trigrams analysed while
-- it was smaller) it chose to hash the positions and scan org_trigrams
-- whole for every organisation deleted: undoing an import of 5,000
-- organisations took 10 s instead of under one, and of 20,000, 192 s.
-- The trigrams are now given as an array: the primary key is read for
-- each of them, whatever the statistics say.
CREATE OR REPLACE FUNCTION org_trigrams_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM org_trigrams WHERE organisation_id = OLD.id AND trigram = ANY (ARRAY(
            SELECT substr(OLD.search_key, i, 3) FROM search_positions WHERE i <= length(OLD.search_key) - 2));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO org_trigrams (trigram, organisation_id)
        SELECT DISTINCT substr(NEW.search_key, i, 3), NEW.id FROM search_positions
        WHERE i <= length(NEW.search_key) - 2 AND substr(NEW.search_key, i, 3) NOT LIKE '% %';
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION activity_trigrams_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM activity_trigrams WHERE activity_id = OLD.id AND trigram = ANY (ARRAY(
            SELECT substr(OLD.search_key, i, 3) FROM search_positions WHERE i <= length(OLD.search_key) - 2));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO activity_trigrams (trigram, activity_id)
        SELECT DISTINCT substr(NEW.search_key, i, 3), NEW.id FROM search_positions
        WHERE i <= length(NEW.search_key) - 2 AND substr(NEW.search_key, i, 3) NOT LIKE '% %';
    END IF;
    RETURN NULL;
END $$;
-- The thousand positions never change: their statistics once.
ANALYZE search_positions;
