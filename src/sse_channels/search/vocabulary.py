"""The words the index adds for what a channel is and how it is reached, so that a kind or a
way of contact alone ("邮箱", "disclosure", "北京 电话") finds channels: not from the annex's
text, but the words people use for its columns."""

from __future__ import annotations

from sse_channels import model as m

# Words for what a channel is: "disclosure" or 邮箱 alone should find channels of that kind.
KIND_WORDS = {
    m.ChannelKind.RULES: ("rules", "规则"),
    m.ChannelKind.SYSTEM: ("system", "系统"),
    m.ChannelKind.DISCLOSURE: ("disclosure", "信息公开", "信息披露", "披露"),
    m.ChannelKind.PHONE: ("phone", "电话"),
    m.ChannelKind.EMAIL: ("email", "e-mail", "mailbox", "邮箱", "电子邮箱"),
    m.ChannelKind.FAX: ("fax", "传真"),
    m.ChannelKind.POST: ("letter", "post", "信函"),
    m.ChannelKind.ONSITE: ("on-site", "现场"),
    m.ChannelKind.WEB: ("website", "网站"),
    m.ChannelKind.MEDIA: ("media", "新媒体"),
    m.ChannelKind.LIAISON: ("liaison", "联络人"),
    m.ChannelKind.OFFICE: ("office", "基地"),
}
# Words for a way of reaching a channel, whatever its kind: "北京 电话", "投资者 邮箱", "地址".
CONTACT_WORDS: dict[type, tuple[str, ...]] = {
    m.Phone: ("phone", "telephone", "tel", "number", "电话", "号码"),
    m.Email: ("email", "mailbox", "邮箱", "邮件"),
    m.Fax: ("fax", "number", "传真", "号码"),
    m.Address: ("address", "地址"),
    m.Web: ("website", "link", "网站", "网址"),
    m.System: ("link", "login", "网址", "登录"),
}
POSTCODE_WORDS = ("postcode", "post code", "zip", "邮编", "邮政编码")
# A system that needs the exchange's digital certificate is found by the certificate's names.
EKEY_WORDS = ("EKey", "数字证书", "证书", "CA证书", "certificate", "digital certificate")
