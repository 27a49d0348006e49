package io.eldercare.catalog.policy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The eligibility categories of a pack version: who may be served and what each receives a month. */
@Component
public class Categories {

    /** One category (黄陂 四(一) 1–5, or 嘉峪关's elders of 60 and over). */
    public record Category(
            @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "category code is like HP-DIBAO")
            String code,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(0) @Max(150) Integer minAge,
            @NotNull @PositiveOrZero Long offlineMonthlyFen,
            @NotNull @PositiveOrZero Long onlineMonthlyFen) {
    }

    private final JdbcClient jdbc;

    Categories(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Category> of(PolicyPack pack) {
        return jdbc.sql("""
                SELECT code, name, min_age, offline_monthly_fen, online_monthly_fen FROM eligibility_category
                WHERE policy_code = ? AND pack_version = ? ORDER BY code""")
                .params(pack.code(), pack.version())
                .query((rs, n) -> new Category(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        rs.getLong(5)))
                .list();
    }

    void save(PolicyPack pack, List<Category> categories) {
        for (Category c : categories) {
            jdbc.sql("INSERT INTO eligibility_category VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(pack.code(), pack.version(), c.code(), c.name(), c.minAge(), c.offlineMonthlyFen(),
                            c.onlineMonthlyFen())
                    .update();
        }
    }
}
