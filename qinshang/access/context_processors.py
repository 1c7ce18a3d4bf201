from qinshang.access.principal import principal_of


def access(request) -> dict:
    return {"principal": principal_of(getattr(request, "user", None))}
