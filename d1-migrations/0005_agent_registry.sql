CREATE TABLE `agent_versions` (
	`agent_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`created_by` text NOT NULL,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`agent_id`, `version`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`team_id` text NOT NULL,
	`harness` text NOT NULL,
	`default_model` text NOT NULL,
	`system_prompt` text,
	`allowed_tools` text NOT NULL,
	`allowed_mcp_servers` text NOT NULL,
	`max_budget_usd` real,
	`budget_duration` text,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`max_parallel_requests` integer,
	`budget_timezone` text,
	`unknown_price` text,
	`budget_mode` text,
	`env` text NOT NULL,
	`tags` text NOT NULL,
	`trace_policy` text DEFAULT '{"bodies":"metadata","retention_days":30}' NOT NULL,
	`current_version` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_team_name_idx` ON `agents` (`team_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `agents_team_idx` ON `agents` (`team_id`);--> statement-breakpoint
-- Hand-written (triggers only). A change to an agent's limits or its deletion is logged for every key of
-- the agent, so gateway key caches re-read the agent's budget scope (see key_changes in schema.ts).
CREATE TRIGGER `agents_log_change` AFTER UPDATE ON `agents`
WHEN OLD.`max_budget_usd` IS NOT NEW.`max_budget_usd` OR OLD.`budget_duration` IS NOT NEW.`budget_duration`
  OR OLD.`rpm_limit` IS NOT NEW.`rpm_limit` OR OLD.`tpm_limit` IS NOT NEW.`tpm_limit`
  OR OLD.`max_parallel_requests` IS NOT NEW.`max_parallel_requests`
  OR OLD.`budget_timezone` IS NOT NEW.`budget_timezone` OR OLD.`unknown_price` IS NOT NEW.`unknown_price`
  OR OLD.`budget_mode` IS NOT NEW.`budget_mode` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
BEGIN INSERT INTO `key_changes` (`token_hash`) SELECT `token_hash` FROM `virtual_keys` WHERE `agent_id` = NEW.`id`; END;
--> statement-breakpoint
-- An agent version is a record of what the agent was: never rewritten.
CREATE TRIGGER `agent_versions_immutable` BEFORE UPDATE ON `agent_versions`
BEGIN SELECT RAISE(ABORT, 'agent_versions rows are immutable'); END;
