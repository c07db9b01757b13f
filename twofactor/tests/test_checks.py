"""System checks catch a verify step that is missing, misplaced or switched off in production."""

from twofactor.checks import OTP, OURS, middleware_installed, required_for_administrators


def test_installed_middleware_passes():
    assert middleware_installed(None) == []


def test_missing_or_misplaced_middleware_is_an_error(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != OURS]
    assert [e.id for e in middleware_installed(None)] == ["twofactor.E001"]
    without = [m for m in settings.MIDDLEWARE if m != OTP]
    settings.MIDDLEWARE = [OURS, *without[:-1], OTP, without[-1]]
    assert [e.id for e in middleware_installed(None)] == ["twofactor.E001"]


def test_deploy_check_warns_when_not_required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False
    assert [w.id for w in required_for_administrators(None)] == ["twofactor.W001"]
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    assert required_for_administrators(None) == []
