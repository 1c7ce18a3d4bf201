from django.contrib import admin

from qinshang.policies.models import Delivery, Policy, PolicyAttachment, PolicyPush, PolicyTopic


class TopicInline(admin.TabularInline):
    model = PolicyTopic
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PolicyAttachment
    extra = 0
    readonly_fields = ("name", "extension", "size", "uploaded_by", "uploaded_at")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "issuer", "document_number", "issued_on", "office")
    list_filter = ("issued_on",)
    search_fields = ("title", "document_number", "issuer")
    raw_id_fields = ("office", "region", "created_by")
    filter_horizontal = ("regions", "tags")
    inlines = [TopicInline, AttachmentInline]


@admin.register(PolicyPush)
class PolicyPushAdmin(admin.ModelAdmin):
    list_display = ("policy", "office", "pushed_at", "withdrawn_at")
    raw_id_fields = ("policy", "office", "region", "pushed_by", "withdrawn_by")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("push", "enterprise", "delivered_at", "emailed_at", "read_at")
    raw_id_fields = ("push", "enterprise", "region", "read_by")
