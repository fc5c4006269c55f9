CREATE TABLE `config_versions` (
	`version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_format` text NOT NULL,
	`source_text` text NOT NULL,
	`config_json` text NOT NULL,
	`warnings` text NOT NULL,
	`created_by` text NOT NULL,
	`comment` text,
	`is_active` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `config_versions_active_idx` ON `config_versions` (`is_active`);--> statement-breakpoint
CREATE TABLE `spend_logs` (
	`request_id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`api_format` text NOT NULL,
	`key_hash` text,
	`team_id` text,
	`user_id` text,
	`agent_id` text,
	`session_id` text,
	`model_group` text NOT NULL,
	`provider` text,
	`deployment` text,
	`upstream_model` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`latency_ms` real NOT NULL,
	`time_to_first_token_ms` real,
	`status` integer NOT NULL,
	`error_kind` text,
	`stream` integer NOT NULL,
	`cache_hit` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spend_logs_started_idx` ON `spend_logs` (`started_at`);--> statement-breakpoint
CREATE INDEX `spend_logs_key_idx` ON `spend_logs` (`key_hash`,`started_at`);--> statement-breakpoint
CREATE INDEX `spend_logs_team_idx` ON `spend_logs` (`team_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`alias` text,
	`models` text,
	`max_budget_usd` real,
	`budget_duration` text,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`max_parallel_requests` integer,
	`metadata` text,
	`blocked` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text,
	`team_id` text,
	`max_budget_usd` real,
	`budget_duration` text,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`metadata` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `virtual_keys` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`key_prefix` text NOT NULL,
	`key_alias` text,
	`team_id` text,
	`user_id` text,
	`agent_id` text,
	`models` text,
	`max_budget_usd` real,
	`budget_duration` text,
	`budget_reset_at` integer,
	`rpm_limit` integer,
	`tpm_limit` integer,
	`max_parallel_requests` integer,
	`expires_at` integer,
	`metadata` text,
	`blocked` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `virtual_keys_team_idx` ON `virtual_keys` (`team_id`);