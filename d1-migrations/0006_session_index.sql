CREATE TABLE `session_model_calls` (
	`request_id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`session_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`cost_usd` real NOT NULL,
	`failed` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_model_calls_session_idx` ON `session_model_calls` (`scope`,`session_id`);--> statement-breakpoint
CREATE TABLE `session_responses` (
	`scope` text NOT NULL,
	`response_id` text NOT NULL,
	`session_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `response_id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`scope` text NOT NULL,
	`id` text NOT NULL,
	`agent_id` text,
	`key_hash` text,
	`team_id` text,
	`started_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`status` text NOT NULL,
	`model_calls` integer DEFAULT 0 NOT NULL,
	`tool_calls` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `id`)
);
--> statement-breakpoint
CREATE INDEX `sessions_id_idx` ON `sessions` (`id`);--> statement-breakpoint
CREATE INDEX `sessions_last_idx` ON `sessions` (`last_at`);--> statement-breakpoint
CREATE INDEX `sessions_team_idx` ON `sessions` (`team_id`,`last_at`);--> statement-breakpoint
CREATE INDEX `sessions_agent_idx` ON `sessions` (`agent_id`,`last_at`);--> statement-breakpoint
CREATE TABLE `tool_call_index` (
	`scope` text NOT NULL,
	`session_id` text NOT NULL,
	`tool_call_id` text NOT NULL,
	`tool_name` text NOT NULL,
	`arguments` text,
	`started_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `session_id`, `tool_call_id`)
);
--> statement-breakpoint
CREATE INDEX `tool_call_index_tool_idx` ON `tool_call_index` (`tool_name`,`started_at`);