ALTER TABLE `teams` ADD `budget_timezone` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `unknown_price` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `budget_mode` text;--> statement-breakpoint
ALTER TABLE `users` ADD `max_parallel_requests` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `budget_timezone` text;--> statement-breakpoint
ALTER TABLE `users` ADD `unknown_price` text;--> statement-breakpoint
ALTER TABLE `users` ADD `budget_mode` text;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD `budget_timezone` text;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD `unknown_price` text;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD `budget_mode` text;