CREATE TABLE `model_prices` (
	`model` text PRIMARY KEY NOT NULL,
	`price_json` text NOT NULL,
	`source` text NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `price_table_versions` (
	`version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`model_count` integer NOT NULL,
	`skipped_count` integer NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
