from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the link in an invitation e-mail.

    A separate salt keeps invitation and password-reset links from being interchangeable. The
    token is bound to the password hash, so it stops working once the password is set.
    """

    key_salt = "peerreview.accounts.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()
