CREATE TABLE `admin_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`key_token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `admin_sessions_key_idx` ON `admin_sessions` (`key_token_hash`);--> statement-breakpoint
CREATE INDEX `admin_sessions_expires_idx` ON `admin_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `admin_sign_in_failures` (
	`client_hash` text NOT NULL,
	`window_start` integer NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`client_hash`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `admin_sign_in_failures_window_idx` ON `admin_sign_in_failures` (`window_start`);--> statement-breakpoint
CREATE INDEX `spend_logs_user_idx` ON `spend_logs` (`user_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `spend_logs_agent_idx` ON `spend_logs` (`agent_id`,`started_at`);