"""Twitter's numbered errors: one definition each, raised anywhere, rendered in one place.

Codes, HTTP statuses and messages follow Twitter's v1.1 error table (developer docs "Error codes
& responses") and recorded replies (see ../shared/FIDELITY.md section 4).
"""

from __future__ import annotations


class TwitterError(Exception):
    """A v1.1 error: rendered as ``{"errors":[{"code":code,"message":message}]}`` with ``status``."""

    code: int = 131
    status: int = 500
    message: str = "Internal error."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: int | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, object]:
        """Twitter's error body."""
        return {"errors": [{"code": self.code, "message": self.message}]}


# Authentication and authorization
class CouldNotAuthenticate(TwitterError):
    """32/401."""

    code, status, message = 32, 401, "Could not authenticate you."


class InvalidOrExpiredToken(TwitterError):
    """89/401."""

    code, status, message = 89, 401, "Invalid or expired token."


class TimestampOutOfBounds(TwitterError):
    """135/401."""

    code, status, message = 135, 401, "Timestamp out of bounds."


class BadAuthenticationData(TwitterError):
    """215/400."""

    code, status, message = 215, 400, "Bad Authentication data."


class CredentialsNotAllowed(TwitterError):
    """220/403."""

    code, status, message = 220, 403, "Your credentials do not allow access to this resource."


class ReadOnlyApplication(TwitterError):
    """261/403."""

    code, status, message = 261, 403, "Application cannot perform write actions."


class UnableToVerifyCredentials(TwitterError):
    """99/403."""

    code, status, message = 99, 403, "Unable to verify your credentials"


class NotPermitted(TwitterError):
    """87/403."""

    code, status, message = 87, 403, "Client is not permitted to perform this action."


# Routing and parameters
class PageNotFound(TwitterError):
    """34/404."""

    code, status, message = 34, 404, "Sorry, that page does not exist."


class InternalError(TwitterError):
    """131/500."""

    code, status, message = 131, 500, "Internal error."


class RateLimitExceeded(TwitterError):
    """88/429."""

    code, status, message = 88, 429, "Rate limit exceeded"


class OverCapacity(TwitterError):
    """130/503."""

    code, status, message = 130, 503, "Over capacity"


class WrongMethod(TwitterError):
    """400/86: the route exists but not for this HTTP method."""

    code, status = 86, 400

    def __init__(self, allowed: str) -> None:
        super().__init__(f"This method requires a {allowed}.")


class ParameterMissing(TwitterError):
    """403/38: ``<name> parameter is missing.``"""

    code, status = 38, 403

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} parameter is missing.")


class ParameterInvalid(TwitterError):
    """400/44: ``<name> parameter is invalid.``"""

    code, status = 44, 400

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} parameter is invalid.")
        self.name = name


# Users and the social graph
class UserNotFound(TwitterError):
    """50/404."""

    code, status, message = 50, 404, "User not found."


class NoUserMatches(TwitterError):
    """17/404."""

    code, status, message = 17, 404, "No user matches for specified terms."


class UserSuspended(TwitterError):
    """63/403."""

    code, status, message = 63, 403, "User has been suspended."


class CannotFollowSelf(TwitterError):
    """158/403."""

    code, status, message = 158, 403, "You can't follow yourself."


class SourceUserNotFound(TwitterError):
    """163/403."""

    code, status, message = 163, 403, "Could not determine source user."


class AlreadyRequestedFollow(TwitterError):
    """403/160: a follow request to this protected account is already pending."""

    code, status = 160, 403

    def __init__(self, screen_name: str) -> None:
        super().__init__(f"You've already requested to follow {screen_name}.")


# Statuses (used from the tweets work on)
class NoStatusFound(TwitterError):
    """144/404."""

    code, status, message = 144, 404, "No status found with that ID."


class NotAuthorizedToSeeStatus(TwitterError):
    """179/403."""

    code, status, message = 179, 403, "Sorry, you are not authorized to see this status."


class NotAuthorized(TwitterError):
    """401 on a protected account's lists, in Twitter's older error shape (``request``/``error``)."""

    code, status, message = 0, 401, "Not authorized."

    def __init__(self, request_path: str) -> None:
        super().__init__()
        self.request_path = request_path

    def body(self) -> dict[str, object]:
        """Twitter's body for this error: ``{"request": path, "error": "Not authorized."}``."""
        return {"request": self.request_path, "error": self.message}


class StatusDuplicate(TwitterError):
    """403/187."""

    code, status, message = 187, 403, "Status is a duplicate."


class StatusTooLong(TwitterError):
    """403/186."""

    code, status, message = 186, 403, "Tweet needs to be a bit shorter."


class ProfileValueTooLong(TwitterError):
    """403/120: account/update_profile with a value over its limit."""

    code, status = 120, 403

    def __init__(self, field: str, maximum: int) -> None:
        super().__init__(
            f"Account update failed: {field} is too long (maximum is {maximum} characters)."
        )


class MissingStatus(TwitterError):
    """403/170."""

    code, status, message = 170, 403, "Missing required parameter: status."


class ReplyToUnavailable(TwitterError):
    """403/385."""

    code, status, message = (
        385,
        403,
        "You attempted to reply to a Tweet that is deleted or not visible to you.",
    )


class AlreadyRetweeted(TwitterError):
    """403/327."""

    code, status, message = 327, 403, "You have already retweeted this Tweet."


class RetweetNotPermitted(TwitterError):
    """403/328: a protected account's Tweet cannot be retweeted."""

    code, status, message = 328, 403, "Retweet is not permissible for this status."


class AlreadyFavorited(TwitterError):
    """403/139."""

    code, status, message = 139, 403, "You have already favorited this status."


class CannotDeleteOthers(TwitterError):
    """403/183."""

    code, status, message = 183, 403, "You may not delete another user's status."


class InvalidMediaIds(TwitterError):
    """400/324."""

    code, status, message = 324, 400, "The validation of media ids failed."


# Media (upload.twitter.com and media_ids on statuses)
class TooManyMediaIds(TwitterError):
    """400/324 for a fifth media id (real reply: freedomofpress/trackthenews#20)."""

    code, status, message = 324, 400, "Tweet must not have more than 4 mediaIds."


class MediaTooLarge(TwitterError):
    """400/193: update_with_media's file is over its size limit (a real reply's text)."""

    code, status, message = 193, 400, "One or more of the uploaded media is too large."


class OverDailyPhotoLimit(TwitterError):
    """403/191: update_with_media over the daily media limit (the seeds: "an HTTP 403 error";
    the code is the one clients list as undocumented, the message is Roost's)."""

    code, status, message = 191, 403, "User is over daily photo limit."


class AttachmentTypesExceeded(TwitterError):
    """403/386: media and an attachment_url (quote or DM deep link) on one Tweet."""

    code, status, message = 386, 403, "The Tweet exceeds the number of allowed attachment types."


class MediaParameterMissing(ParameterMissing):
    """400/38 on the upload endpoints (``media parameter is missing.``, a real 400 reply)."""

    status = 400


class UploadError(TwitterError):
    """400 in the upload host's older shape: ``{"request": path, "error": message}``.

    Real replies: "media type unrecognized.", "File size exceeds 5242880 bytes.",
    "Segments do not add up to provided total file size.", "Invalid media_id: Some().",
    "Invalid json payload." (quoted in client issues; see roost/domain/media.py).
    """

    code, status = 0, 400

    def __init__(self, message: str, request: str = "/1.1/media/upload.json") -> None:
        super().__init__(message)
        self.request_path = request

    def body(self) -> dict[str, object]:
        """``{"request": "/1.1/media/upload.json", "error": "..."}``."""
        return {"request": self.request_path, "error": self.message}


# Search
class QueryMissing(TwitterError):
    """25/400: search/tweets without ``q``."""

    code, status, message = 25, 400, "Query parameters are missing."


class InvalidUrlParameter(TwitterError):
    """195/403: a search parameter Twitter could not use (a bad ``geocode``, ``until``, a query
    over 500 characters); recorded in client issues as ``{"code":195,"message":"Missing or
    invalid url parameter."}`` with HTTP 403."""

    code, status, message = 195, 403, "Missing or invalid url parameter."


class QueryTooComplex(TwitterError):
    """The seeds: "the Search API will respond with the error: {"error":"Sorry, your query is
    too complex. Please reduce complexity and try again."}" (HTTP status unpublished: 400)."""

    code, status = 0, 400
    message = "Sorry, your query is too complex. Please reduce complexity and try again."

    def body(self) -> dict[str, object]:
        """``{"error": "Sorry, your query is too complex. …"}``."""
        return {"error": self.message}


# Twitter API v2 (rendered as problems by render/problems.py)
class InvalidRequest(TwitterError):
    """v2's 400 invalid-request: one entry per refused parameter (v1.1 would say 400/44)."""

    code, status = 44, 400

    def __init__(self, message: str, parameters: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.problems: list[dict[str, object]] = [
            {"parameters": parameters or {}, "message": message}
        ]


class Forbidden(TwitterError):
    """v2's 403 with its own ``detail`` (v1.1 would say 403/87)."""

    code, status = 87, 403
