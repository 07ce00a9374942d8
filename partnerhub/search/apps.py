from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "partnerhub.search"
    label = "search"
    verbose_name = "Full-text search"

    def ready(self) -> None:
        from partnerhub.search.kinds import register_builtin_kinds

        register_builtin_kinds()
