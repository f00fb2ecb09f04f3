"""Step 03 orchestration: pre-flight, documents, git, checkpoint, the run itself."""
