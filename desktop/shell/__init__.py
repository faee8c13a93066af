"""The application shell: start-up, main window, task runner, table-model base, printing, settings."""
