extension CSVField {
    /// Header names, besides the field's own name, that common CRM, e-commerce and
    /// WeChat exports use for this field. The README's "Loading your own export"
    /// lists them.
    ///
    /// Headers match these after `foldedHeaderName(_:)`: case, `_`, `-` and spaces
    /// do not matter, so `Customer ID`, `customer-id` and `CUSTOMERID` all match
    /// `customer_id`. Within a role no folded alias belongs to two fields, so a
    /// header matches at most one field.
    public var aliases: [String] {
        switch self {
        case .id:
            ["customer_id", "customer_no", "customer_code", "customer", "cust_id", "client_id", "user_id", "uid",
             "member_id", "member_no", "member_code", "account_id", "contact_id", "buyer_id", "openid", "unionid",
             "external_id", "客户id", "客户编号", "用户id", "会员id", "会员编号", "会员卡号"]
        case .name:
            ["full_name", "customer_name", "display_name", "nickname", "user_name", "member_name", "contact_name",
             "姓名", "昵称", "客户名称", "用户名"]
        case .spend:
            ["total_spend", "spent", "amount", "total_amount", "gmv", "sales", "total_sales", "lifetime_value", "ltv",
             "clv", "revenue", "total_revenue", "order_amount", "purchase_amount", "消费金额", "累计消费", "金额"]
        case .orders:
            ["order_count", "orders_count", "num_orders", "total_orders", "order_num", "purchases", "purchase_count",
             "订单数", "订单量"]
        case .segment:
            ["tier", "level", "member_level", "vip_level", "membership_tier", "customer_segment", "group",
             "会员等级", "等级", "分组"]
        case .follower:
            ["follower_id", "user_id", "uid", "fan_id", "source", "source_id", "src", "src_id", "from", "from_id",
             "from_user_id", "subscriber_id", "粉丝id", "关注者"]
        case .followee:
            ["followee_id", "follows_user_id", "following_id", "followed_id", "followed_user_id", "target",
             "target_id", "dst", "dst_id", "to", "to_id", "to_user_id", "kol_id", "被关注者", "关注对象"]
        case .weight:
            ["strength", "score", "interactions", "interaction_count", "affinity", "权重"]
        case .referrer:
            ["referrer_id", "inviter", "inviter_id", "invited_by", "referred_by", "sharer", "sharer_id",
             "advocate_id", "promoter_id", "parent_id", "from", "from_id", "邀请人", "推荐人", "分享人"]
        case .referee:
            ["referee_id", "invitee", "invitee_id", "referred_id", "referred_user_id", "new_user_id",
             "new_customer_id", "friend_id", "to", "to_id", "被邀请人", "被推荐人"]
        case .time:
            ["created_at", "created", "create_time", "invited_at", "referred_at", "invite_time", "timestamp", "ts",
             "date", "datetime", "event_time", "signup_time", "registered_at", "时间", "邀请时间", "创建时间"]
        case .revenue:
            ["amount", "order_amount", "gmv", "value", "first_order_amount", "order_value", "sales",
             "金额", "订单金额", "首单金额"]
        }
    }

    /// `name` as headers are compared with field names and aliases: trimmed of
    /// spaces and tabs, lowercased, with `_`, `-` and spaces removed.
    public static func foldedHeaderName(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " && $0 != "\t" })
    }
}
