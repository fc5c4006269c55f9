CREATE TABLE `vault_credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`sealed_secret` text NOT NULL,
	`stub` text NOT NULL,
	`destinations` text NOT NULL,
	`injection` text NOT NULL,
	`allowed_agents` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`rotated_at` integer,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vault_credentials_team_name_idx` ON `vault_credentials` (`team_id`,`name`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `vault_credentials_updated_idx` ON `vault_credentials` (`updated_at`);