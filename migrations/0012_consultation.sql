ALTER TABLE `meetings` ADD `kind` text DEFAULT 'sitting' NOT NULL;--> statement-breakpoint
ALTER TABLE `meetings` ADD `closes_on` text;