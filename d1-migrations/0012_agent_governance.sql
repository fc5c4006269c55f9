ALTER TABLE `agents` ADD `session_limits` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `approval_policy` text;--> statement-breakpoint
-- Hand-written (triggers only). Gateways cache an agent's governance settings with its keys, so a change
-- to them is logged for every key of the agent like a change to its limits (0007's trigger, plus these).
DROP TRIGGER IF EXISTS `agents_log_change`;--> statement-breakpoint
CREATE TRIGGER `agents_log_change` AFTER UPDATE ON `agents`
WHEN OLD.`max_budget_usd` IS NOT NEW.`max_budget_usd` OR OLD.`budget_duration` IS NOT NEW.`budget_duration`
  OR OLD.`rpm_limit` IS NOT NEW.`rpm_limit` OR OLD.`tpm_limit` IS NOT NEW.`tpm_limit`
  OR OLD.`max_parallel_requests` IS NOT NEW.`max_parallel_requests`
  OR OLD.`budget_timezone` IS NOT NEW.`budget_timezone` OR OLD.`unknown_price` IS NOT NEW.`unknown_price`
  OR OLD.`budget_mode` IS NOT NEW.`budget_mode` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
  OR OLD.`trace_policy` IS NOT NEW.`trace_policy`
  OR OLD.`session_limits` IS NOT NEW.`session_limits` OR OLD.`approval_policy` IS NOT NEW.`approval_policy`
BEGIN INSERT INTO `key_changes` (`token_hash`) SELECT `token_hash` FROM `virtual_keys` WHERE `agent_id` = NEW.`id`; END;
