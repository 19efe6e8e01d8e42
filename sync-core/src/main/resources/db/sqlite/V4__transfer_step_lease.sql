-- V3: the step lease of a transfer session, so that the nodes of a hub tier sharing this database step
-- a session one at a time. A node claims the lease before it runs a stage (owner = a token of that one
-- step, until = epoch milliseconds on the claiming node's clock) and renews it while the stage runs; a
-- lease whose node died runs out, and the next request, on any node, takes it over. NULL: nobody steps.
ALTER TABLE morango_transfersession ADD COLUMN fs_step_owner TEXT;
ALTER TABLE morango_transfersession ADD COLUMN fs_step_until BIGINT;
