/**
 * `raceless/lab` — reserved entry point; its implementation lands with its own issue.
 * It exports nothing yet.
 */
export {};
