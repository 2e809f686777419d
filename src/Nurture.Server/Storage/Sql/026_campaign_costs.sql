-- What each campaign cost, per calendar month, as marketers upload it (CSV or XLSX: campaign, period, cost,
-- currency), for cost per lead and per won deal in the attribution report. One row per campaign, month and
-- currency: uploading the same campaign and month again replaces its cost. campaign is matched exactly to the
-- utm_campaign of touches.
CREATE TABLE IF NOT EXISTS nurture_campaign_costs
(
    id uuid PRIMARY KEY,
    campaign varchar(200) NOT NULL,
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
    currency char(3) NOT NULL,
    file_name varchar(255) NOT NULL,
    uploaded_by varchar(200) NOT NULL,
    uploaded_at timestamptz NOT NULL,
    UNIQUE (campaign, month, currency)
);
