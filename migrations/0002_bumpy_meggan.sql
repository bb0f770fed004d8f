CREATE TABLE `cosignatures` (
	`meeting_id` text NOT NULL,
	`department` text NOT NULL,
	`checkpoint_size` integer NOT NULL,
	`line` text NOT NULL,
	`verifier_key` text NOT NULL,
	`filed_by` text,
	`filed_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `department`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `officers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `department_keys` (
	`department` text PRIMARY KEY NOT NULL,
	`verifier_key` text NOT NULL,
	`registered_by` text,
	`registered_at` integer NOT NULL,
	FOREIGN KEY (`registered_by`) REFERENCES `officers`(`id`) ON UPDATE no action ON DELETE no action
);
