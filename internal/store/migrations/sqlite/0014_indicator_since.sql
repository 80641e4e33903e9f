-- T1 and T2 as of any day (decision 0013): each organisation that counts in
-- them, with the first day it counts and the province it is in now, kept in
-- the transaction of every write that can change either (the organisation,
-- its positions, the activities reaching it, its founding case). T1 is kept
-- under each women-in-management rule. A day's figure is a range of the
-- index (indicator, since), never the activity or link rows; organisations
-- that moved province after the day are moved back by their changes.
CREATE TABLE indicator_since (
    organisation_id INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    province TEXT NOT NULL,
    since TEXT NOT NULL,
    orgs INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (organisation_id, indicator)
);
CREATE INDEX indicator_since_day ON indicator_since (indicator, since, province);
CREATE INDEX indicator_since_province ON indicator_since (indicator, province, since);
CREATE INDEX org_status_changes_day ON org_status_changes (effective_on);
-- T5's managers on a day: the women's positions first, not every
-- organisation's.
CREATE INDEX positions_sex_role ON positions (sex, role, organisation_id);
