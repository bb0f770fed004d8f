CREATE TABLE `item_dossiers` (
	`item_id` text NOT NULL,
	`nominee_id` text NOT NULL,
	`source` text NOT NULL,
	`recommender` text,
	`relationship` text,
	`declaration` integer,
	`recommendation` text NOT NULL,
	`examination` text NOT NULL,
	`reasons` text NOT NULL,
	`vacancy` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `nominee_id`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nominee_id`) REFERENCES `nominees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `items` ADD `nominates` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `items` ADD `cites` text;--> statement-breakpoint
ALTER TABLE `items` ADD `cites_item_id` text;--> statement-breakpoint
ALTER TABLE `items` ADD `cites_nominee_id` text;--> statement-breakpoint
CREATE INDEX `items_cites` ON `items` (`cites_item_id`,`cites_nominee_id`);