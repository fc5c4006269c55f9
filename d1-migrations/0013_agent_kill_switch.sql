ALTER TABLE `agents` ADD `kill_switch_at` integer;--> statement-breakpoint
-- Hand-written (triggers only): a kill switch on an agent without governance settings reaches every
-- gateway isolate through the key change log, which then makes its keys check the agent's AgentControl.
DROP TRIGGER IF EXISTS `agents_log_change`;--> statement-breakpoint
CREATE TRIGGER `agents_log_change` AFTER UPDATE ON `agents`
WHEN OLD.`max_budget_usd` IS NOT NEW.`max_budget_usd` OR OLD.`budget_duration` IS NOT NEW.`budget_duration`
  OR OLD.`rpm_limit` IS NOT NEW.`rpm_limit` OR OLD.`tpm_limit` IS NOT NEW.`tpm_limit`
  OR OLD.`max_parallel_requests` IS NOT NEW.`max_parallel_requests`
  OR OLD.`budget_timezone` IS NOT NEW.`budget_timezone` OR OLD.`unknown_price` IS NOT NEW.`unknown_price`
  OR OLD.`budget_mode` IS NOT NEW.`budget_mode` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
  OR OLD.`trace_policy` IS NOT NEW.`trace_policy`
  OR OLD.`session_limits` IS NOT NEW.`session_limits` OR OLD.`approval_policy` IS NOT NEW.`approval_policy`
  OR OLD.`kill_switch_at` IS NOT NEW.`kill_switch_at`
BEGIN INSERT INTO `key_changes` (`token_hash`) SELECT `token_hash` FROM `virtual_keys` WHERE `agent_id` = NEW.`id`; END;
