# The Debian package (tools/package builds it): `cpack -G DEB` in a build dir
# gives subledger_<version>_<arch>.deb with
#
#   /usr/bin/subledgerd, /usr/bin/subledger
#   /lib/systemd/system/subledgerd.service        hardened, Type=notify, watchdog
#   /etc/subledger/subledgerd.json                conffile
#   /etc/subledger/secrets.env                    conffile, 0600, empty secrets
#   /usr/share/subledger/                         alert rules, monitoring spec, Prometheus
#                                                 scrape config, Grafana dashboard,
#                                                 workflows/*.yaml + templates/
#   /usr/share/doc/subledger/README.md
#
# Runtime dependencies are computed by dpkg-shlibdeps from the binaries
# (CPACK_DEBIAN_PACKAGE_SHLIBDEPS); adduser is the only one named (postinst).
# Included from the top-level CMakeLists.txt after every target exists.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(SUBLEDGER_READ_ONLY OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

install(TARGETS subledgerd subledger RUNTIME DESTINATION bin)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/subledgerd.service DESTINATION /lib/systemd/system
        PERMISSIONS ${SUBLEDGER_READ_ONLY})
install(FILES ${CMAKE_CURRENT_LIST_DIR}/subledgerd.json DESTINATION /etc/subledger
        PERMISSIONS ${SUBLEDGER_READ_ONLY})
install(FILES ${CMAKE_CURRENT_LIST_DIR}/secrets.env DESTINATION /etc/subledger
        PERMISSIONS OWNER_READ OWNER_WRITE)
install(FILES
          ${PROJECT_SOURCE_DIR}/metrics/alerts.yml
          ${PROJECT_SOURCE_DIR}/metrics/monitoring-spec.yaml
          ${PROJECT_SOURCE_DIR}/metrics/prometheus.yml
          ${PROJECT_SOURCE_DIR}/metrics/grafana-dashboard.json
        DESTINATION share/subledger PERMISSIONS ${SUBLEDGER_READ_ONLY})
file(GLOB SUBLEDGER_WORKFLOWS ${PROJECT_SOURCE_DIR}/workflows/*.yaml)
file(GLOB SUBLEDGER_TEMPLATES ${PROJECT_SOURCE_DIR}/workflows/templates/*.txt)
install(FILES ${SUBLEDGER_WORKFLOWS} DESTINATION share/subledger/workflows PERMISSIONS ${SUBLEDGER_READ_ONLY})
install(FILES ${SUBLEDGER_TEMPLATES} DESTINATION share/subledger/workflows/templates
        PERMISSIONS ${SUBLEDGER_READ_ONLY})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/subledger PERMISSIONS ${SUBLEDGER_READ_ONLY})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME subledger)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "subledger maintainers <subledger@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "event-sourced Stripe subscription ledger (webhooks, MRR, churn)")
set(CPACK_PACKAGE_DESCRIPTION "subledgerd receives Stripe webhooks, verifies their signatures and appends \
them durably to an event log, projects MRR, movements, churn and payments, and serves Prometheus metrics \
and a revenue dashboard.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/debian/conffiles
    ${CMAKE_CURRENT_LIST_DIR}/debian/postinst
    ${CMAKE_CURRENT_LIST_DIR}/debian/prerm
    ${CMAKE_CURRENT_LIST_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
