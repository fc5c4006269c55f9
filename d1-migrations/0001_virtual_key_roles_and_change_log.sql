CREATE TABLE `key_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD `role` text;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD `created_by` text;