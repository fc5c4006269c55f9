CREATE TABLE `mcp_policy_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mcp_servers` (
	`name` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`team_id` text,
	`headers` text NOT NULL,
	`credentials` text NOT NULL,
	`timeout_ms` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `tool_policies` (
	`agent_id` text NOT NULL,
	`version` integer NOT NULL,
	`policy` text NOT NULL,
	`created_by` text NOT NULL,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`agent_id`, `version`)
);
--> statement-breakpoint
-- Hand-written (triggers only). Whatever writes a server, a tool policy or an agent's MCP servers, the
-- change is logged for the gateways' MCP policy caches (see mcp_policy_changes in schema.ts).
CREATE TRIGGER `mcp_servers_log_insert` AFTER INSERT ON `mcp_servers`
BEGIN INSERT INTO `mcp_policy_changes` (`subject`) VALUES ('server:' || NEW.`name`); END;
--> statement-breakpoint
CREATE TRIGGER `mcp_servers_log_update` AFTER UPDATE ON `mcp_servers`
BEGIN INSERT INTO `mcp_policy_changes` (`subject`) VALUES ('server:' || NEW.`name`); END;
--> statement-breakpoint
CREATE TRIGGER `mcp_servers_log_delete` AFTER DELETE ON `mcp_servers`
BEGIN INSERT INTO `mcp_policy_changes` (`subject`) VALUES ('server:' || OLD.`name`); END;
--> statement-breakpoint
CREATE TRIGGER `tool_policies_log_insert` AFTER INSERT ON `tool_policies`
BEGIN INSERT INTO `mcp_policy_changes` (`subject`) VALUES ('agent:' || NEW.`agent_id`); END;
--> statement-breakpoint
CREATE TRIGGER `agents_log_mcp_change` AFTER UPDATE ON `agents`
WHEN OLD.`allowed_mcp_servers` IS NOT NEW.`allowed_mcp_servers` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
BEGIN INSERT INTO `mcp_policy_changes` (`subject`) VALUES ('agent:' || NEW.`id`); END;
