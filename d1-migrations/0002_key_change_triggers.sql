-- Every change to a key, or to a team or user its limits come from, is logged for the gateway's
-- key caches (see key_changes in workers/core/db/schema.ts). Triggers make the log complete
-- whatever code path writes: admin API, scripts, or SQL by hand.
CREATE TRIGGER `virtual_keys_log_insert` AFTER INSERT ON `virtual_keys`
BEGIN INSERT INTO `key_changes` (`token_hash`) VALUES (NEW.`token_hash`); END;
--> statement-breakpoint
CREATE TRIGGER `virtual_keys_log_update` AFTER UPDATE ON `virtual_keys`
BEGIN INSERT INTO `key_changes` (`token_hash`) VALUES (NEW.`token_hash`); END;
--> statement-breakpoint
CREATE TRIGGER `virtual_keys_log_delete` AFTER DELETE ON `virtual_keys`
BEGIN INSERT INTO `key_changes` (`token_hash`) VALUES (OLD.`token_hash`); END;
--> statement-breakpoint
CREATE TRIGGER `teams_log_change` AFTER UPDATE ON `teams`
BEGIN INSERT INTO `key_changes` (`token_hash`) SELECT `token_hash` FROM `virtual_keys` WHERE `team_id` = NEW.`id`; END;
--> statement-breakpoint
CREATE TRIGGER `users_log_change` AFTER UPDATE ON `users`
BEGIN INSERT INTO `key_changes` (`token_hash`) SELECT `token_hash` FROM `virtual_keys` WHERE `user_id` = NEW.`id`; END;
