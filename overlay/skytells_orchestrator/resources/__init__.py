"""The seven Orchestrator sub-resources, each as a sync and an async class."""
